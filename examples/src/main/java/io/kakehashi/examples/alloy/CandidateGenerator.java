package io.kakehashi.examples.alloy;

import java.util.SplittableRandom;

/**
 * Makes candidate supercells from (seed, id) alone, so that a million candidates can be screened
 * and any of them re-simulated later without storing one. The B-atom count is uniform over
 * 0..sites, the ordering uniform over {@link Ordering}.
 *
 * <p>Not thread-safe (it reuses scratch arrays); use one instance per thread.
 */
public final class CandidateGenerator {
  private final FccLattice lattice;
  private final long seed;
  private final long seedMix;
  private final int[] scratch;
  private final int[] firstShell;
  private final int z1;

  public CandidateGenerator(FccLattice lattice, long seed) {
    this.lattice = lattice;
    this.seed = seed;
    this.seedMix = mix(seed ^ 0x9e3779b97f4a7c15L);
    this.scratch = new int[lattice.sites()];
    this.firstShell = lattice.neighbourTable(1);
    this.z1 = lattice.coordination(1);
  }

  public FccLattice lattice() {
    return lattice;
  }

  public long seed() {
    return seed;
  }

  public Candidate generate(long id) {
    byte[] occupation = new byte[lattice.sites()];
    Ordering ordering = fill(id, occupation);
    return new Candidate(id, ordering, occupation);
  }

  /** Writes candidate {@code id}'s occupation into {@code occupation} (length = sites); allocation-free. */
  public Ordering fill(long id, byte[] occupation) {
    if (occupation.length != lattice.sites()) {
      throw new IllegalArgumentException("occupation has " + occupation.length + " sites, lattice " + lattice.sites());
    }
    // Both halves pass through a 64-bit finaliser, so neighbouring ids get unrelated streams.
    SplittableRandom rnd = new SplittableRandom(seedMix ^ mix(id));
    int n = occupation.length;
    int countB = rnd.nextInt(n + 1);
    Ordering ordering = Ordering.ofIndex(rnd.nextInt(3));
    switch (ordering) {
      case RANDOM -> random(occupation, countB, rnd);
      case CLUSTERED -> clustered(occupation, countB, rnd);
      case ORDERED -> ordered(occupation, countB, rnd);
    }
    return ordering;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A uniformly random choice of {@code countB} sites (partial Fisher-Yates). */
  private void random(byte[] occ, int countB, SplittableRandom rnd) {
    int n = occ.length;
    java.util.Arrays.fill(occ, (byte) 0);
    for (int i = 0; i < n; i++) scratch[i] = i;
    for (int k = 0; k < countB; k++) {
      int j = k + rnd.nextInt(n - k);
      int site = scratch[j];
      scratch[j] = scratch[k];
      scratch[k] = site;
      occ[site] = 1;
    }
  }

  /**
   * Grows the minority species next to itself: each new minority atom goes, with probability
   * {@code stickiness} (drawn per candidate), onto a free first neighbour of a minority atom
   * already placed, otherwise onto a random site. Stickiness sets how strong the clustering is.
   */
  private void clustered(byte[] occ, int countB, SplittableRandom rnd) {
    int n = occ.length;
    boolean minorityIsB = 2 * countB <= n;
    byte minority = (byte) (minorityIsB ? 1 : 0);
    int count = minorityIsB ? countB : n - countB;
    java.util.Arrays.fill(occ, (byte) (1 - minority));
    double stickiness = 0.5 + 0.5 * rnd.nextDouble();
    int placed = 0;
    while (placed < count) {
      int site = -1;
      if (placed > 0 && rnd.nextDouble() < stickiness) {
        // Inside a cluster most neighbours are taken: look a few times before giving up.
        for (int attempt = 0; attempt < 16 && site < 0; attempt++) {
          int from = scratch[rnd.nextInt(placed)];
          int j = firstShell[from * z1 + rnd.nextInt(z1)];
          if (occ[j] != minority) site = j;
        }
      }
      if (site < 0) {
        do {
          site = rnd.nextInt(n);
        } while (occ[site] == minority);
      }
      occ[site] = minority;
      scratch[placed++] = site;
    }
  }

  /**
   * The L1_2 / L1_0 / L1_2 superstructure nearest in composition (B on 1, 2 or 3 of the four
   * sublattices), corrected to the exact B count by random flips, then disordered by a random
   * number of antisite swaps (up to a quarter of the minority atoms).
   */
  private void ordered(byte[] occ, int countB, SplittableRandom rnd) {
    int n = occ.length;
    int sublattices = Math.round(4f * countB / n);
    int have = 0;
    for (int i = 0; i < n; i++) {
      // B on sublattices {0}, {0,3} (alternating (001) planes: L1_0) or {0,1,2}... chosen so that
      // the first neighbour shell mixes unlike species; sublattice order 0,3,1,2.
      int rank = RANK[lattice.sublattice(i)];
      occ[i] = (byte) (rank < sublattices ? 1 : 0);
      have += occ[i];
    }
    while (have < countB) {
      int i = rnd.nextInt(n);
      if (occ[i] == 0) {
        occ[i] = 1;
        have++;
      }
    }
    while (have > countB) {
      int i = rnd.nextInt(n);
      if (occ[i] == 1) {
        occ[i] = 0;
        have--;
      }
    }
    int swaps = Math.min(countB, n - countB) / 4;
    swaps = swaps == 0 ? 0 : rnd.nextInt(swaps + 1);
    for (int s = 0; s < swaps; s++) {
      int a;
      int b;
      do {
        a = rnd.nextInt(n);
      } while (occ[a] != 0);
      do {
        b = rnd.nextInt(n);
      } while (occ[b] != 1);
      occ[a] = 1;
      occ[b] = 0;
    }
  }

  /** Position of each sublattice in the filling order (sublattice 3 fills second: L1_0 layers). */
  private static final int[] RANK = {0, 2, 3, 1};
}
