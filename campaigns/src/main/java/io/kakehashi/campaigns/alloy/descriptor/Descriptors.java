package io.kakehashi.campaigns.alloy.descriptor;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import io.kakehashi.campaigns.alloy.structure.PackedSupercell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

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
 *       S >= 2);
 *   <li>{@code dip_T_uv} for T in (A, B), uv in (11, 12, 22): the sum over atoms of species T of
 *       d_u . d_v, divided by the number of atoms, where d_u is the vector sum of the unit bond
 *       vectors from the atom to the B atoms of its shell u. On the ideal lattice d_u is what
 *       makes the force on an atom: an atom with its B neighbours on one side is pushed, and
 *       relaxing lowers the energy by about the square of that force. Neither the counts nor their
 *       moments see on which side the neighbours are. Offline, on the 900 held-out relaxations of
 *       two recorded runs, they took the held-out error from 0.094 to 0.057 meV/atom on Cu-Ni and
 *       from 1.95 to 1.17 on Ni-Al; they cost about 0.4 µs per candidate on one thread (generation
 *       and descriptors 1.55 -> 1.45 µs with the all-atom sums taken from pair counts; bench/README.md,
 *       2026-12-06 (dipoles) and (screen speed)) (present when S >= 2);
 *   <li>{@code nb1_T_v}, v = 0..12, then {@code nb2_T_v}, v = 0..6, for T in (A, B): the fraction of
 *       all atoms that are of species T and have exactly v B atoms in their first (second) shell.
 *       In an unrelaxed EAM crystal whose density reaches two shells, an atom's energy is a
 *       function of its species and these two counts, so the energy per atom is a sum over the
 *       bins of their joint histogram; the marginals carry what the moments above cannot (Ni-Al's
 *       embedding is far from quadratic). Present when asked for and S >= 2: they lower the held-out
 *       error (Cu-Ni 0.10 -> 0.07 meV/atom in the default campaign) but make screening about 1.6x
 *       slower, so the campaign offers them as an option (bench/README.md, 2026-12-06).
 * </ol>
 *
 * Computation runs on {@link PackedSupercell} words: bond counts are popcounts of a sublattice
 * word against a translated one, and the per-atom neighbour counts behind the {@code env}
 * moments are bit-sliced sums (four bit planes for shell 1, three for shell 2) over every site
 * of a sublattice at once. An instance keeps scratch words, so it is not thread-safe: use one per
 * thread.
 */
public final class Descriptors {
  private final FccLattice lattice;
  private final AlloySystem system;
  private final int shells;
  private final boolean histograms;
  private final int[] z;
  private final List<String> names;
  /**
   * Every (sublattice, cell offset) translation some bond needs, recomputed per candidate into
   * {@link #moved} in three stages that share work: the distinct (sublattice, dx) shifts, then
   * the distinct (that, dy) shifts, then one rotation per translation for dz.
   */
  private final int[] xFrom;
  private final int[] xDx;
  private final int[] yFrom;
  private final int[] yDy;
  private final int[] zFrom;
  private final int[] zDz;
  private final long[] xMoved;
  private final long[] yMoved;
  private final long[] moved;
  /** The {@link #moved} indices of the full shell-1 (12 per sublattice) and shell-2 (6) neighbour words, sublattice by sublattice. */
  private final int[] full1;
  private final int[] full2;
  /**
   * Per axis a (x, y, z) and sublattice: the {@link #moved} indices of the four shell-1 neighbour
   * words whose bond vector has a positive a component, then the four with a negative one, and
   * of the shell-2 neighbour along +a and along -a.
   */
  private final int[] plus1;
  private final int[] minus1;
  private final int[] plus2;
  private final int[] minus2;
  /**
   * Shells whose B-B bonds are counted: the features' shells, and at least five where the
   * environment and push sums need them (see {@link #compute(long[], double[], int)}).
   */
  private final int counted;
  /** Per shell s counted by half bonds: the bonds' source sublattices and {@link #moved} indices. */
  private final int[][] halfFrom;
  private final int[][] halfMoved;
  private final long[] packed = new long[PackedSupercell.WORDS];
  private final long[] bb;
  /** 1 / (sites * z_s): bond counts to fractions. */
  private final double[] perBond;
  /** 1 / (sites * z_u * z_v) for uv = 11, 12, 22: sums of neighbour-count products to env moments. */
  private final double[] perEnv;
  /** Per neighbour count v: sites with v B first (second) neighbours, all of them and the B atoms among them. */
  private final long[] all1 = new long[13];
  private final long[] b1 = new long[13];
  private final long[] all2 = new long[7];
  private final long[] b2 = new long[7];
  /**
   * Dipole sums counted site by site (see {@link #dipoles}): D2.D2 over all atoms, then D1.D1,
   * D1.D2, D2.D2 over the B atoms. The all-atom D1.D1 and D1.D2 are pair counts.
   */
  private final long[] dip = new long[4];

  /** Uses every shell the lattice tabulates; no neighbour-count histograms. */
  public Descriptors(AlloySystem system, FccLattice lattice) {
    this(system, lattice, false);
  }

  /** Uses every shell the lattice tabulates, with the neighbour-count histograms if {@code histograms}. */
  public Descriptors(AlloySystem system, FccLattice lattice, boolean histograms) {
    this.lattice = lattice;
    this.histograms = histograms && lattice.shells() >= 2;
    this.system = system;
    this.shells = lattice.shells();
    if (lattice.cells() != PackedSupercell.CELLS) {
      throw new IllegalArgumentException("descriptors are computed for 4x4x4 fcc supercells (256 atoms); got a "
          + lattice.cells() + "x" + lattice.cells() + "x" + lattice.cells() + " lattice");
    }
    this.z = new int[shells];
    for (int s = 0; s < shells; s++) z[s] = lattice.coordination(s + 1);
    Map<PackedSupercell.Bond, Integer> moves = new LinkedHashMap<>();
    ToIntFunction<PackedSupercell.Bond> index = bond ->
        moves.computeIfAbsent(new PackedSupercell.Bond(0, bond.to(), bond.dx(), bond.dy(), bond.dz()), k -> moves.size());
    // bonds() lists sublattice 0's bonds first, then 1's...: 12 (shell 1) or 6 (shell 2) each.
    this.full1 = shells >= 2 ? PackedSupercell.bonds(1, false).stream().mapToInt(index).toArray() : null;
    this.full2 = shells >= 2 ? PackedSupercell.bonds(2, false).stream().mapToInt(index).toArray() : null;
    this.plus1 = new int[shells >= 2 ? 3 * 4 * 4 : 0];
    this.minus1 = new int[plus1.length];
    this.plus2 = new int[shells >= 2 ? 3 * 4 : 0];
    this.minus2 = new int[plus2.length];
    if (shells >= 2) {
      List<int[]> v1 = FccLattice.shellVectors(1);
      List<int[]> v2 = FccLattice.shellVectors(2);
      for (int axis = 0; axis < 3; axis++) {
        for (int b = 0; b < 4; b++) {
          int p = 0, m = 0;
          for (int k = 0; k < v1.size(); k++) {
            int c = v1.get(k)[axis];
            if (c > 0) plus1[(axis * 4 + b) * 4 + p++] = full1[12 * b + k];
            if (c < 0) minus1[(axis * 4 + b) * 4 + m++] = full1[12 * b + k];
          }
          for (int k = 0; k < v2.size(); k++) {
            int c = v2.get(k)[axis];
            if (c > 0) plus2[axis * 4 + b] = full2[6 * b + k];
            if (c < 0) minus2[axis * 4 + b] = full2[6 * b + k];
          }
        }
      }
    }
    int firstHalf = shells >= 2 ? 2 : 0;
    this.counted = shells >= 2 ? Math.max(shells, 5) : shells;
    this.halfFrom = new int[counted][];
    this.halfMoved = new int[counted][];
    for (int s = firstHalf; s < counted; s++) {
      List<PackedSupercell.Bond> half = PackedSupercell.bonds(s + 1, true);
      halfFrom[s] = half.stream().mapToInt(PackedSupercell.Bond::from).toArray();
      halfMoved[s] = half.stream().mapToInt(index).toArray();
    }
    Map<List<Integer>, Integer> xs = new LinkedHashMap<>();
    Map<List<Integer>, Integer> ys = new LinkedHashMap<>();
    int m = moves.size();
    this.zFrom = new int[m];
    this.zDz = new int[m];
    moves.forEach((bond, i) -> {
      int x = xs.computeIfAbsent(List.of(bond.to(), bond.dx()), k -> xs.size());
      zFrom[i] = ys.computeIfAbsent(List.of(x, bond.dy()), k -> ys.size());
      zDz[i] = bond.dz();
    });
    this.xFrom = xs.keySet().stream().mapToInt(k -> k.get(0)).toArray();
    this.xDx = xs.keySet().stream().mapToInt(k -> k.get(1)).toArray();
    this.yFrom = ys.keySet().stream().mapToInt(k -> k.get(0)).toArray();
    this.yDy = ys.keySet().stream().mapToInt(k -> k.get(1)).toArray();
    this.xMoved = new long[xFrom.length];
    this.yMoved = new long[yFrom.length];
    this.moved = new long[m];
    this.bb = new long[counted];
    double sites = PackedSupercell.SITES;
    this.perBond = new double[shells];
    for (int s = 0; s < shells; s++) perBond[s] = 1.0 / (sites * z[s]);
    this.perEnv = shells >= 2 ? new double[] {1.0 / (sites * z[0] * z[0]), 1.0 / (sites * z[0] * z[1]),
        1.0 / (sites * z[1] * z[1])} : null;
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
      for (String t : List.of(a, b)) {
        for (String uv : List.of("11", "12", "22")) n.add("dip_" + t + "_" + uv);
      }
      for (int shell = 1; histograms && shell <= 2; shell++) {
        for (String t : List.of(a, b)) {
          for (int v = 0; v <= (shell == 1 ? 12 : 6); v++) n.add("nb" + shell + "_" + t + "_" + v);
        }
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

  /** Whether the neighbour-count histograms are among the features. */
  public boolean histograms() {
    return histograms;
  }

  /** A fresh instance with the same features (an instance keeps scratch words: one per thread). */
  public Descriptors copy() {
    return new Descriptors(system, lattice, histograms);
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

  /** Writes the features of {@code occupation} (in {@link FccLattice}'s site order) into {@code out[offset ..)}. */
  public void compute(byte[] occupation, double[] out, int offset) {
    PackedSupercell.pack(occupation, packed);
    compute(packed, out, offset);
  }

  /** Writes the features of a packed candidate into {@code out[offset .. offset + size())}. */
  public void compute(long[] words, double[] out, int offset) {
    for (int i = 0; i < xMoved.length; i++) xMoved[i] = PackedSupercell.shiftX(words[xFrom[i]], xDx[i]);
    for (int i = 0; i < yMoved.length; i++) yMoved[i] = PackedSupercell.shiftY(xMoved[yFrom[i]], yDy[i]);
    for (int i = 0; i < moved.length; i++) moved[i] = PackedSupercell.shiftZ(yMoved[zFrom[i]], zDz[i]);
    int n = PackedSupercell.SITES;
    int countB = PackedSupercell.countB(words);
    long[] bb = this.bb;
    Arrays.fill(bb, 0L);
    // env sums over B atoms: n1^2, n1 n2, n2^2 (over all atoms they follow from pair counts, below).
    long b11 = 0, b12 = 0, b22 = 0;
    Arrays.fill(dip, 0L);
    if (histograms) {
      Arrays.fill(all1, 0L);
      Arrays.fill(b1, 0L);
      Arrays.fill(all2, 0L);
      Arrays.fill(b2, 0L);
    }
    if (shells >= 2) {
      for (int b = 0; b < 4; b++) {
        // Bit planes of n1 (0..12) and n2 (0..6), the B neighbours of each of this sublattice's
        // sites, summed by carry-save adders: a full adder turns three words of one weight into a
        // sum word of that weight and a carry word of twice it.
        int f = 12 * b;
        long a0 = moved[full1[f]], a1 = moved[full1[f + 1]], a2 = moved[full1[f + 2]];
        long a3 = moved[full1[f + 3]], a4 = moved[full1[f + 4]], a5 = moved[full1[f + 5]];
        long a6 = moved[full1[f + 6]], a7 = moved[full1[f + 7]], a8 = moved[full1[f + 8]];
        long a9 = moved[full1[f + 9]], a10 = moved[full1[f + 10]], a11 = moved[full1[f + 11]];
        long s0 = a0 ^ a1 ^ a2, s1 = a3 ^ a4 ^ a5, s2 = a6 ^ a7 ^ a8, s3 = a9 ^ a10 ^ a11;
        long k0 = carry(a0, a1, a2), k1 = carry(a3, a4, a5), k2 = carry(a6, a7, a8), k3 = carry(a9, a10, a11);
        long u = s0 ^ s1 ^ s2;
        long k4 = carry(s0, s1, s2);
        long c0 = u ^ s3;
        long k5 = u & s3;
        long v0 = k0 ^ k1 ^ k2, v1 = k3 ^ k4 ^ k5;
        long m0 = carry(k0, k1, k2), m1 = carry(k3, k4, k5);
        long c1 = v0 ^ v1;
        long m2 = v0 & v1;
        long c2 = m0 ^ m1 ^ m2;
        long c3 = carry(m0, m1, m2);
        int g = 6 * b;
        long d0 = moved[full2[g]], d1 = moved[full2[g + 1]], d2 = moved[full2[g + 2]];
        long d3 = moved[full2[g + 3]], d4 = moved[full2[g + 4]], d5 = moved[full2[g + 5]];
        long t0 = d0 ^ d1 ^ d2, t1 = d3 ^ d4 ^ d5;
        long h0 = carry(d0, d1, d2), h1 = carry(d3, d4, d5);
        long e0 = t0 ^ t1;
        long h2 = t0 & t1;
        long e1 = h0 ^ h1 ^ h2;
        long e2 = carry(h0, h1, h2);
        long occ = words[b];
        bb[0] += weighted(c0 & occ, c1 & occ, c2 & occ, c3 & occ);
        bb[1] += weighted(e0 & occ, e1 & occ, e2 & occ, 0);
        b11 += square(c0 & occ, c1 & occ, c2 & occ, c3 & occ);
        b22 += square(e0 & occ, e1 & occ, e2 & occ, 0);
        b12 += product(c0 & occ, c1 & occ, c2 & occ, c3 & occ, e0, e1, e2);
        dipoles(b, occ);
        if (histograms) {
          histogram(c0, c1, c2, c3, occ, all1, b1);
          histogram(e0, e1, e2, 0L, occ, all2, b2);
        }
      }
    }
    for (int s = shells >= 2 ? 2 : 0; s < counted; s++) {
      int[] from = halfFrom[s];
      int[] k = halfMoved[s];
      long pairs = 0;
      for (int i = 0; i < k.length; i++) pairs += Long.bitCount(words[from[i]] & moved[k[i]]);
      bb[s] = 2 * pairs;
    }
    double xB = countB / (double) n;
    double perSite = 1.0 / n;
    int o = offset;
    out[o++] = xB;
    for (int s = 0; s < shells; s++) out[o++] = bb[s] * perBond[s];
    int countA = n - countB;
    // P(B|A) = (B neighbours of A atoms) / (A atoms * z); B neighbours of A = nB*z - BB (directed).
    double perA = countB == 0 || countA == 0 ? 0.0 : 1.0 / (countA * xB);
    for (int s = 0; s < shells; s++) {
      out[o++] = perA == 0.0 ? 0.0 : 1.0 - ((double) countB * z[s] - bb[s]) * perA / z[s];
    }
    if (shells >= 2) {
      // Summed over all atoms, a product of two neighbour counts (or bond vectors) counts pairs
      // of B neighbours of a common site: B-B pairs of some shell, each as many times as the
      // pair has common neighbours in those shells (fcc: 4 for shells 1 and 2, 2 for shell 3...),
      // plus the site's own neighbours for a square. So the all-atom sums are pair counts, and
      // only the B atoms' sums are counted site by site (DescriptorsTest checks both against a
      // site-by-site reference). For n2^2 this holds together with the D2 sum: n2^2 + D2.D2 / 4
      // = 2 n2 + the products of second neighbours along different axes (shell-4 pairs, 2 each).
      long nB = countB;
      long all11 = 12 * nB + 4 * bb[0] + 4 * bb[1] + 2 * bb[2] + bb[3];
      long all12 = 2 * bb[0] + bb[2] + bb[4];
      long all22 = 12 * nB + 2 * bb[3] - dip[0];
      long dipAll11 = 24 * nB + 4 * bb[0] - 2 * bb[2] - 2 * bb[3];
      long dipAll12 = 4 * bb[0] - 2 * bb[4];
      out[o++] = (all11 - b11) * perEnv[0];
      out[o++] = (all12 - b12) * perEnv[1];
      out[o++] = (all22 - b22) * perEnv[2];
      out[o++] = b11 * perEnv[0];
      out[o++] = b12 * perEnv[1];
      out[o++] = b22 * perEnv[2];
      // Unit vectors: shell-1 bonds are sqrt(2) long in half lattice constants, shell-2 bonds 2
      // (D2 = 2 (ahead - behind), so D2.D2 / 4 = the count of axes where exactly one is B).
      out[o++] = (dipAll11 - dip[1]) * perSite / 2;
      out[o++] = (dipAll12 - dip[2]) * perSite * DIPOLE_12;
      out[o++] = (dip[0] - dip[3]) * perSite;
      out[o++] = dip[1] * perSite / 2;
      out[o++] = dip[2] * perSite * DIPOLE_12;
      out[o++] = dip[3] * perSite;
    }
    if (histograms) {
      for (int v = 0; v <= 12; v++) out[o++] = (all1[v] - b1[v]) * perSite;
      for (int v = 0; v <= 12; v++) out[o++] = b1[v] * perSite;
      for (int v = 0; v <= 6; v++) out[o++] = (all2[v] - b2[v]) * perSite;
      for (int v = 0; v <= 6; v++) out[o++] = b2[v] * perSite;
    }
  }

  /**
   * Adds to {@code all[v]} the sites whose count is v (bit planes p0..p3 of a 0..12 count, or
   * p0..p2 of a 0..6 one when {@code all} has 7 entries), and to {@code b[v]} those of them that
   * {@code occ} marks. The sites of each count are found by splitting on one bit plane at a time,
   * written out: testing every value's bits in a loop made the histograms cost more than every
   * other descriptor together.
   */
  private static void histogram(long p0, long p1, long p2, long p3, long occ, long[] all, long[] b) {
    long low = ~p3;
    long l0 = low & ~p2, l1 = low & p2;
    long q0 = l0 & ~p1, q1 = l0 & p1, q2 = l1 & ~p1, q3 = l1 & p1;
    long n0 = ~p0;
    count(q0 & n0, occ, all, b, 0);
    count(q0 & p0, occ, all, b, 1);
    count(q1 & n0, occ, all, b, 2);
    count(q1 & p0, occ, all, b, 3);
    count(q2 & n0, occ, all, b, 4);
    count(q2 & p0, occ, all, b, 5);
    count(q3 & n0, occ, all, b, 6);
    if (all.length <= 7) return;
    count(q3 & p0, occ, all, b, 7);
    long h0 = p3 & ~p2, h1 = p3 & p2;
    long r0 = h0 & ~p1, r1 = h0 & p1, r2 = h1 & ~p1;
    count(r0 & n0, occ, all, b, 8);
    count(r0 & p0, occ, all, b, 9);
    count(r1 & n0, occ, all, b, 10);
    count(r1 & p0, occ, all, b, 11);
    count(r2 & n0, occ, all, b, 12);
  }

  private static void count(long at, long occ, long[] all, long[] b, int v) {
    all[v] += Long.bitCount(at);
    b[v] += Long.bitCount(at & occ);
  }

  /**
   * Adds the dipole sums of sublattice {@code b}'s sites to {@link #dip}: D2.D2 over all of them,
   * then D1.D1, D1.D2, D2.D2 over the B atoms ({@code occ}), with D_s the integer vector sum of the
   * bond vectors to the shell-s B neighbours.
   */
  private void dipoles(int b, long occ) {
    // Per axis, D1 = (B among the four shell-1 neighbours ahead) - (B among the four behind),
    // counted as E = D1 + 4 = (B ahead) + (A behind), a 0..8 count of eight words; and
    // D2 = 2 ((B ahead) - (B behind)) in shell 2.
    for (int axis = 0; axis < 3; axis++) {
      int q = (axis * 4 + b) * 4;
      long w0 = moved[plus1[q]], w1 = moved[plus1[q + 1]], w2 = moved[plus1[q + 2]], w3 = moved[plus1[q + 3]];
      long w4 = ~moved[minus1[q]], w5 = ~moved[minus1[q + 1]], w6 = ~moved[minus1[q + 2]];
      long w7 = ~moved[minus1[q + 3]];
      long x0 = w0 ^ w1 ^ w2, x1 = w3 ^ w4 ^ w5;
      long y0 = carry(w0, w1, w2), y1 = carry(w3, w4, w5);
      long x2 = w6 ^ w7;
      long y2 = w6 & w7;
      long e0 = x0 ^ x1 ^ x2;
      long y3 = carry(x0, x1, x2);
      // Weight 2: y0 + y1 + y2 + y3 (at most 4, so E <= 8 = 1000b).
      long z0 = y0 ^ y1, z1 = y2 ^ y3;
      long r0 = y0 & y1, r1 = y2 & y3;
      long e1 = z0 ^ z1;
      long r2 = z0 & z1;
      long e2 = r0 ^ r1 ^ r2;
      long e3 = carry(r0, r1, r2);
      long ahead = moved[plus2[axis * 4 + b]], behind = moved[minus2[axis * 4 + b]];
      long apart = ahead ^ behind;
      // D1^2 = (E - 4)^2 is 16, 9, 4, 1, 0, 1, 4, 9, 16 for E = 0..8: its bit planes are e0 (1),
      // E in {2, 6} (4), E in {1, 7} (8) and E in {0, 8} (16); e3 is set only where E = 8.
      long q1 = e0, q4 = e1 & ~e0, q8 = e0 & ~e3 & ~(e1 ^ e2), q16 = ~(e0 | e1 | e2);
      dip[0] += Long.bitCount(apart);
      dip[1] += weighted(q1 & occ, 0L, q4 & occ, q8 & occ) + 16L * Long.bitCount(q16 & occ);
      dip[2] += centredProduct(e0, e1, e2, e3, ahead, behind, occ);
      dip[3] += Long.bitCount(apart & occ);
    }
  }

  /** d1 . d2 from D1 . D2: D1 counts bonds sqrt(2) long, D2 bonds 2 long (in half lattice constants). */
  private static final double DIPOLE_12 = 1 / (2 * Math.sqrt(2));

  /**
   * The sum over the sites {@code at} marks of (E - 4) (ahead - behind): the half of D1 . D2 along
   * one axis, E the 0..8 number with bit planes e0..e3; ahead and behind are 0/1 per site.
   */
  private static long centredProduct(long e0, long e1, long e2, long e3, long ahead, long behind, long at) {
    long a = ahead & ~behind & at, c = behind & ~ahead & at;
    return 2 * (weighted(e0 & a, e1 & a, e2 & a, e3 & a) - weighted(e0 & c, e1 & c, e2 & c, e3 & c)
        - 4L * Long.bitCount(a) + 4L * Long.bitCount(c));
  }

  /** The carry of a full adder: where at least two of the three words have a 1. */
  private static long carry(long x, long y, long z) {
    return (x & y) | (z & (x ^ y));
  }

  /** The sum over sites of the 4-bit number with bit planes p0..p3. */
  private static long weighted(long p0, long p1, long p2, long p3) {
    return Long.bitCount(p0) + 2L * Long.bitCount(p1) + 4L * Long.bitCount(p2) + 8L * Long.bitCount(p3);
  }

  /** The sum over sites of the square of the 4-bit number with bit planes p0..p3. */
  private static long square(long p0, long p1, long p2, long p3) {
    return Long.bitCount(p0) + 4L * Long.bitCount(p1) + 16L * Long.bitCount(p2) + 64L * Long.bitCount(p3)
        + 2L * (2L * Long.bitCount(p0 & p1) + 4L * Long.bitCount(p0 & p2) + 8L * Long.bitCount(p0 & p3)
            + 8L * Long.bitCount(p1 & p2) + 16L * Long.bitCount(p1 & p3) + 32L * Long.bitCount(p2 & p3));
  }

  /** The sum over sites of the product of the numbers with bit planes p0..p3 and q0..q2. */
  private static long product(long p0, long p1, long p2, long p3, long q0, long q1, long q2) {
    return weighted(p0 & q0, p1 & q0, p2 & q0, p3 & q0) + 2 * weighted(p0 & q1, p1 & q1, p2 & q1, p3 & q1)
        + 4 * weighted(p0 & q2, p1 & q2, p2 & q2, p3 & q2);
  }
}
