package io.kakehashi.examples.alloy;

/** How a candidate's atoms are arranged on the lattice. */
public enum Ordering {
  /** Each B atom on a uniformly random site: an ideal solid solution. */
  RANDOM,
  /** A precipitate of the minority species, part of it dissolved: like atoms cluster (positive Warren-Cowley alpha_1). */
  CLUSTERED,
  /** An L1_2 / L1_0 superstructure with antisite defects: unlike neighbours (negative alpha_1). */
  ORDERED;

  private static final Ordering[] VALUES = values();

  static Ordering ofIndex(int i) {
    return VALUES[i];
  }
}
