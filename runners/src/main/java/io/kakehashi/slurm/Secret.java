package io.kakehashi.slurm;

/**
 * A credential (the Slurm JWT) that cannot leak by accident: it prints as {@code ***}, and only
 * code in this package can read it, to put it in a request header.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException("empty token");
    return new Secret(value.strip());
  }

  String reveal() {
    return value;
  }

  /** Whether {@code text} contains this secret; for checks that nothing leaked. */
  public boolean appearsIn(String text) {
    return text != null && text.contains(value);
  }

  @Override
  public String toString() {
    return "***";
  }
}
