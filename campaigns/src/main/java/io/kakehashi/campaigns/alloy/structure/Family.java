package io.kakehashi.campaigns.alloy.structure;

/**
 * The kind of configuration a candidate is: how its atoms are arranged on the lattice. The
 * generator draws the first six from (seed, id); {@link #MONTE_CARLO} configurations come from
 * the swap Monte Carlo sampler and are carried explicitly.
 */
public enum Family {
  /** Each B atom on a uniformly random site: an ideal solid solution. */
  RANDOM,
  /** A compact precipitate of the minority species, part of it dissolved: like atoms cluster (alpha_1 > 0). */
  CLUSTERED,
  /** An L1_2 / L1_0 superstructure with antisite defects: unlike neighbours (alpha_1 < 0). */
  ORDERED,
  /** A composition wave along a low-index direction, of random amplitude, period and phase (spinodal-like). */
  WAVE,
  /** A random stacking of B-rich and A-rich layers along a low-index direction: superlattices and antiphase structures. */
  LAYERED,
  /** One to three precipitates of random ellipsoidal shape and size in a random matrix. */
  PRECIPITATES,
  /** A snapshot of a swap Monte Carlo chain run on the surrogate's energy at some temperature. */
  MONTE_CARLO;

  private static final Family[] VALUES = values();
  /** How many families the generator draws from. */
  static final int GENERATED = 6;

  static Family ofIndex(int i) {
    return VALUES[i];
  }
}
