package io.kakehashi.surrogate.gate;

/** What the gate decided for one candidate. */
public enum Decision {
  /** Confident and inside the training domain: the surrogate's prediction is the result. */
  ACCEPTED(false),
  /** The ensemble's spread exceeds the threshold: simulate. */
  UNCERTAIN(true),
  /** Outside the training domain (widened by the margin): simulate, whatever the spread. */
  OUT_OF_DOMAIN(true),
  /** Confident, but drawn into the verification sample: simulate to check the surrogate. */
  VERIFICATION(true);

  private final boolean simulate;

  Decision(boolean simulate) {
    this.simulate = simulate;
  }

  /** Whether the real simulation runs for this candidate. */
  public boolean simulate() {
    return simulate;
  }
}
