package io.kakehashi.examples.alloy;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature vector of a binary fcc candidate: composition, pair correlations and Warren-Cowley
 * short-range order per neighbour shell, and second moments of each atom's neighbour
 * composition. Every feature is a per-atom (intensive) quantity in a fixed order:
 *
 * <ol>
 *   <li>{@code x_B}: atomic fraction of element B (named for the element, e.g. {@code x_Ni});
 *   <li>{@code pair_BB_s}, s = 1..S: fraction of shell-s bonds that join two B atoms. For an EAM
 *       pair term the energy is linear in these;
 *   <li>{@code sro_s}, s = 1..S: Warren-Cowley alpha_s = 1 - P_s(B|A) / x_B, negative for
 *       unlike neighbours (ordering), positive for like (clustering), 0 for a random alloy and,
 *       by convention, for a pure element;
 *   <li>{@code env_T_uv} for T in (A, B), uv in (11, 12, 22): the sum over atoms of species T of
 *       (n_u / z_u)(n_v / z_v), divided by the number of atoms, where n_u counts B atoms in the
 *       atom's shell u of z_u sites. The EAM embedding energy F(rho_i) is curved in rho_i, which
 *       depends on the neighbour composition; these moments carry that curvature (present when
 *       S >= 2).
 * </ol>
 *
 * Computation is table look-ups in {@link FccLattice}'s neighbour lists, counting over the minority
 * species only; each call uses its own small scratch arrays, so instances are immutable and
 * thread-safe.
 */
public final class Descriptors {
  private final FccLattice lattice;
  private final AlloySystem system;
  private final int shells;
  private final int[][] tables;
  private final int[][] halfTables;
  private final int[] z;
  private final List<String> names;

  /** Uses every shell the lattice tabulates. */
  public Descriptors(AlloySystem system, FccLattice lattice) {
    this.lattice = lattice;
    this.system = system;
    this.shells = lattice.shells();
    this.tables = new int[shells][];
    this.halfTables = new int[shells][];
    this.z = new int[shells];
    for (int s = 0; s < shells; s++) {
      tables[s] = lattice.neighbourTable(s + 1);
      halfTables[s] = lattice.halfNeighbourTable(s + 1);
      z[s] = lattice.coordination(s + 1);
    }
    List<String> n = new ArrayList<>();
    String a = system.elementA();
    String b = system.elementB();
    n.add("x_" + b);
    for (int s = 1; s <= shells; s++) n.add("pair_" + b + b + "_" + s);
    for (int s = 1; s <= shells; s++) n.add("sro_" + s);
    if (shells >= 2) {
      for (String t : List.of(a, b)) {
        for (String uv : List.of("11", "12", "22")) n.add("env_" + t + "_" + uv);
      }
    }
    this.names = List.copyOf(n);
  }

  /** Feature names in vector order; the surrogate's feature schema. */
  public List<String> names() {
    return names;
  }

  public int size() {
    return names.size();
  }

  public FccLattice lattice() {
    return lattice;
  }

  public AlloySystem system() {
    return system;
  }

  public double[] compute(byte[] occupation) {
    double[] out = new double[size()];
    compute(occupation, out, 0);
    return out;
  }

  /** Writes the features of {@code occupation} into {@code out[offset .. offset + size())}. */
  public void compute(byte[] occupation, double[] out, int offset) {
    int n = lattice.sites();
    if (occupation.length != n) {
      throw new IllegalArgumentException("occupation has " + occupation.length + " sites, lattice " + n);
    }
    int countB = 0;
    for (byte b : occupation) countB += b;
    // All counting runs over the minority species only (at most half the sites): M-M pairs
    // determine B-B pairs through BB = z (nB - nA) + AA when A is the minority.
    boolean minorityIsB = 2 * countB <= n;
    int minority = minorityIsB ? 1 : 0;
    int countM = minorityIsB ? countB : n - countB;
    long[] bb = new long[shells];
    double[] env = new double[6];
    if (shells >= 2) {
      // Per-site numbers of minority neighbours in shells 1 and 2, scattered from minority sites.
      int z1 = z[0];
      int z2 = z[1];
      int[] t1 = tables[0];
      int[] t2 = tables[1];
      int[] m1 = new int[n];
      int[] m2 = new int[n];
      for (int i = 0; i < n; i++) {
        if (occupation[i] != minority) continue;
        for (int k = i * z1, end = k + z1; k < end; k++) m1[t1[k]]++;
        for (int k = i * z2, end = k + z2; k < end; k++) m2[t2[k]]++;
      }
      for (int i = 0; i < n; i++) {
        int self = occupation[i];
        int n1 = minorityIsB ? m1[i] : z1 - m1[i];
        int n2 = minorityIsB ? m2[i] : z2 - m2[i];
        bb[0] += self * n1;
        bb[1] += self * n2;
        int base = 3 * self;
        env[base] += n1 * n1;
        env[base + 1] += n1 * n2;
        env[base + 2] += n2 * n2;
      }
    }
    for (int s = shells >= 2 ? 2 : 0; s < shells; s++) {
      int[] half = halfTables[s];
      int h = z[s] / 2;
      long pairs = 0;
      for (int i = 0; i < n; i++) {
        if (occupation[i] != minority) continue;
        for (int k = i * h, end = k + h; k < end; k++) pairs += occupation[half[k]] == minority ? 1 : 0;
      }
      bb[s] = minorityIsB ? 2 * pairs : (long) z[s] * (countB - countM) + 2 * pairs;
    }
    double xB = countB / (double) n;
    int o = offset;
    out[o++] = xB;
    for (int s = 0; s < shells; s++) out[o++] = bb[s] / ((double) n * z[s]);
    for (int s = 0; s < shells; s++) {
      // P(B|A) = (B neighbours of A atoms) / (A atoms * z); B neighbours of A = nB*z - BB (directed).
      int countA = n - countB;
      out[o++] = countB == 0 || countA == 0 ? 0.0
          : 1.0 - ((double) countB * z[s] - bb[s]) / ((double) countA * z[s]) / xB;
    }
    if (shells >= 2) {
      double[] scale = {1.0 / ((double) z[0] * z[0]), 1.0 / ((double) z[0] * z[1]), 1.0 / ((double) z[1] * z[1])};
      for (int k = 0; k < 6; k++) out[o++] = env[k] * scale[k % 3] / n;
    }
  }

}
