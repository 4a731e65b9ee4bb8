package io.kakehashi.campaigns.alloy.structure;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Makes candidate supercells from (seed, id) alone, so that millions of candidates can be
 * screened and any of them re-simulated later without storing one. The B-atom count is uniform
 * over 0..sites, the family uniform over the generated {@link Family families}. Candidates are
 * 4x4x4 fcc supercells (256 atoms), built directly in {@link PackedSupercell} words.
 *
 * <p>Not thread-safe (it holds the current candidate's random stream); use one instance per thread.
 */
public final class CandidateGenerator {
  /** Sites nearest first, from site 0 (basis 0 of cell 0): {@code BALL[k]} packs the k nearest. */
  private static final long[][] BALL = ball();
  /** Ellipsoidal precipitate shapes: {@code SHAPES[s][k]} packs the k sites of shape s nearest site 0. */
  private static final long[][][] SHAPES = shapes();
  /**
   * Per low-index direction n (13: the 3 of [100], 6 of [110], 4 of [111] type) and plane s =
   * (n . r) mod 8, r in half lattice constants: the packed sites of that plane.
   */
  private static final long[][][] PLANES = planes();
  /** cos(2 pi k / 8), k = 0..7: a wave's phase steps in eighths of a period. */
  private static final double[] COS_EIGHTHS = IntStream.range(0, 8)
      .mapToDouble(k -> Math.cos(2 * Math.PI * k / 8)).toArray();
  /** Position of each sublattice in the ordered structures' filling order (sublattice 3 second: L1_0 layers). */
  private static final int[] RANK = {0, 2, 3, 1};

  private final FccLattice lattice;
  private final long seed;
  private final long seedMix;
  private final long[] words = new long[PackedSupercell.WORDS];
  // The current candidate's splitmix64 stream, and up to eight unused 8-bit site draws.
  private long state;
  private long siteBits;
  private int sitesLeft;

  /**
   * @throws IllegalArgumentException unless {@code lattice} is 4x4x4 cells: the packed
   *     generator and descriptors are built for that supercell
   */
  public CandidateGenerator(FccLattice lattice, long seed) {
    if (lattice.cells() != PackedSupercell.CELLS) {
      throw new IllegalArgumentException("candidates are 4x4x4 fcc supercells (256 atoms); got a " + lattice.cells()
          + "x" + lattice.cells() + "x" + lattice.cells() + " lattice");
    }
    this.lattice = lattice;
    this.seed = seed;
    this.seedMix = mix(seed ^ 0x9e3779b97f4a7c15L);
  }

  public FccLattice lattice() {
    return lattice;
  }

  public long seed() {
    return seed;
  }

  public Candidate generate(long id) {
    byte[] occupation = new byte[lattice.sites()];
    Family family = fill(id, occupation);
    return new Candidate(id, family, occupation);
  }

  /** Writes candidate {@code id}'s occupation, in {@link FccLattice}'s site order, into {@code occupation}. */
  public Family fill(long id, byte[] occupation) {
    Family family = fill(id, words);
    PackedSupercell.unpack(words, occupation);
    return family;
  }

  /** Writes candidate {@code id} into {@code packed} ({@link PackedSupercell} words); allocation-free. */
  public Family fill(long id, long[] packed) {
    // Both halves pass through a 64-bit finaliser, so neighbouring ids get unrelated streams.
    state = seedMix ^ mix(id);
    sitesLeft = 0;
    int countB = below(PackedSupercell.SITES + 1);
    Family family = Family.ofIndex(below(Family.GENERATED));
    switch (family) {
      case RANDOM -> random(packed, countB);
      case CLUSTERED -> clustered(packed, countB);
      case ORDERED -> ordered(packed, countB);
      case WAVE -> wave(packed, countB);
      case LAYERED -> layered(packed, countB);
      case PRECIPITATES -> precipitates(packed, countB);
      case MONTE_CARLO -> throw new IllegalStateException("the generator does not draw Monte Carlo snapshots");
    }
    return family;
  }

  /** Candidate {@code id}'s family without building it: the stream's second draw. */
  public Family family(long id) {
    state = seedMix ^ mix(id);
    sitesLeft = 0;
    below(PackedSupercell.SITES + 1);
    return Family.ofIndex(below(Family.GENERATED));
  }

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private long next() {
    state += 0x9e3779b97f4a7c15L;
    return mix(state);
  }

  /** Uniform in 0..bound-1 (multiply-shift; the bias is below 2^-24 for these bounds). */
  private int below(int bound) {
    return (int) (((next() >>> 32) * bound) >>> 32);
  }

  /** A uniformly random site 0..255 as (sublattice = s & 3, bit = s >>> 2): 8 bits of the stream. */
  private int site() {
    if (sitesLeft == 0) {
      siteBits = next();
      sitesLeft = 8;
    }
    int s = (int) (siteBits & 0xFF);
    siteBits >>>= 8;
    sitesLeft--;
    return s;
  }

  /** Turns {@code count} random sites of species {@code from} into the other species. */
  private void flip(long[] w, int count, int from) {
    long invert = from == 1 ? 0 : -1L;
    for (int done = 0; done < count; ) {
      int s = site();
      int b = s & 3;
      // Branch-free: whether the draw hits a site of species `from` is a coin toss to the CPU.
      long hit = (w[b] ^ invert) & (1L << (s >>> 2));
      w[b] ^= hit;
      done += (int) ((hit | -hit) >>> 63);
    }
  }

  /**
   * A uniformly random choice of {@code countB} sites: every site drawn B with probability
   * countB / 256 (eight random bits per site against that threshold, 64 sites per step), then
   * random flips to the exact count. Placing atoms one by one on free sites costs about 75 draws
   * per candidate, each a hard-to-predict branch; this costs 32 random words and a few flips.
   */
  private void random(long[] w, int countB) {
    for (int b = 0; b < 4; b++) w[b] = bernoulli(countB);
    exact(w, countB);
  }

  /**
   * A word whose bits are each 1 with probability k / 256: per bit position, whether a random
   * byte (one bit from each of eight random words, most significant first) is below k, compared
   * for all 64 positions at once.
   */
  private long bernoulli(int k) {
    if (k >= 256) return -1L;
    long less = 0;
    long equal = -1L;
    for (int i = 7; i >= 0; i--) {
      long r = next();
      long kBit = -((k >>> i) & 1);
      less |= equal & ~r & kBit;
      equal &= ~(r ^ kBit);
    }
    return less;
  }

  /** Flips random sites until the B count is exactly {@code countB}. */
  private void exact(long[] w, int countB) {
    int have = PackedSupercell.countB(w);
    if (have < countB) flip(w, countB - have, 0);
    if (have > countB) flip(w, have - countB, 1);
  }

  /**
   * A composition wave: along one of the low-index directions, the B probability of the planes
   * follows x + A cos(2 pi (m s + phase) / 8) for plane s (period 8 or 4 planes, amplitude 1/8
   * to 1/2), quantized to eighths so that three random words per sublattice draw every plane at
   * once; then random flips make the count exact. Strong amplitudes give the segregated,
   * spinodal-like cells that neither random alloys nor compact precipitates produce.
   */
  private void wave(long[] w, int countB) {
    int d = below(PLANES.length);
    int m = 1 + below(2);
    int phase = below(8);
    double amplitude = (1 + below(4)) / 8.0;
    double x = countB / (double) PackedSupercell.SITES;
    int[] eighths = new int[8];
    for (int plane = 0; plane < 8; plane++) {
      double p = x + amplitude * COS_EIGHTHS[(m * plane + phase) & 7];
      eighths[plane] = (int) Math.round(8 * Math.max(0, Math.min(1, p)));
    }
    fillPlanes(w, PLANES[d], eighths);
    exact(w, countB);
  }

  /**
   * A random stacking of pure B and pure A planes along a low-index direction, as many B planes
   * as the composition asks for: superlattices (L1_0 and L1_1 among them), antiphase boundaries
   * and thicker slabs; then random flips give the exact count and a little antisite disorder.
   */
  private void layered(long[] w, int countB) {
    long[][] planes = PLANES[below(PLANES.length)];
    int classes = 0;
    int[] order = new int[8];
    for (int plane = 0; plane < 8; plane++) {
      if ((planes[plane][0] | planes[plane][1] | planes[plane][2] | planes[plane][3]) != 0) order[classes++] = plane;
    }
    for (int i = classes - 1; i > 0; i--) {
      int j = below(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int layersB = Math.round((float) countB * classes / PackedSupercell.SITES);
    int[] eighths = new int[8];
    for (int i = 0; i < layersB; i++) eighths[order[i]] = 8;
    fillPlanes(w, planes, eighths);
    exact(w, countB);
    int swaps = below(Math.min(countB, PackedSupercell.SITES - countB) / 8 + 1);
    flip(w, swaps, 1);
    flip(w, swaps, 0);
  }

  /**
   * Plane by plane, B with probability eighths[plane] / 8: the three random words r1, r2, r3 of
   * a sublattice combine into words whose bits are 1 with probability k/8 for every k, and each
   * plane takes its bits from the word of its own probability.
   */
  private void fillPlanes(long[] w, long[][] planes, int[] eighths) {
    long[] byEighth = new long[9];
    for (int b = 0; b < 4; b++) {
      long r1 = next();
      long r2 = next();
      long r3 = next();
      byEighth[0] = 0;
      byEighth[1] = r1 & r2 & r3;
      byEighth[2] = r1 & r2;
      byEighth[3] = r1 & (r2 | r3);
      byEighth[4] = r1;
      byEighth[5] = r1 | (r2 & r3);
      byEighth[6] = r1 | r2;
      byEighth[7] = r1 | r2 | r3;
      byEighth[8] = -1L;
      long word = 0;
      for (int plane = 0; plane < 8; plane++) word |= planes[plane][b] & byEighth[eighths[plane]];
      w[b] = word;
    }
  }

  /**
   * One to three precipitates of the minority species, each an ellipsoid of random shape and
   * orientation (one of {@link #SHAPES}) around a random centre, sizes split at random, with up
   * to a quarter of the minority atoms left dissolved in the matrix.
   */
  private void precipitates(long[] w, int countB) {
    boolean minorityIsB = 2 * countB <= PackedSupercell.SITES;
    int count = minorityIsB ? countB : PackedSupercell.SITES - countB;
    int dissolved = below(count / 4 + 1);
    int clustered = count - dissolved;
    int parts = 1 + below(3);
    long[] minority = new long[PackedSupercell.WORDS];
    long[] one = new long[PackedSupercell.WORDS];
    int left = clustered;
    for (int part = 0; part < parts; part++) {
      int size = part == parts - 1 ? left : below(left + 1);
      left -= size;
      place(SHAPES[below(SHAPES.length)][size], site(), one);
      for (int b = 0; b < 4; b++) minority[b] |= one[b];
    }
    for (int b = 0; b < 4; b++) w[b] = minorityIsB ? minority[b] : ~minority[b];
    exact(w, countB);
  }

  /** Writes {@code shape} (sites around site 0) moved so that site 0 lands on {@code centre}. */
  private static void place(long[] shape, int centre, long[] out) {
    int cb = centre & 3;
    int cell = centre >>> 2;
    int cx = cell & 3;
    int cy = (cell >>> 2) & 3;
    int cz = cell >>> 4;
    for (int b = 0; b < 4; b++) {
      // Moving site 0 to the centre moves basis b to basis b ^ cb (basis vectors add modulo the
      // cubic cell), one cell further along each axis where the two basis vectors both had a 1.
      int carry = BASIS_AND[b][cb];
      out[b ^ cb] = PackedSupercell.translate(shape[b], -(cx + (carry & 1)), -(cy + ((carry >> 1) & 1)),
          -(cz + ((carry >> 2) & 1)));
    }
  }

  /**
   * A precipitate: the minority species fills the sites nearest a random centre (a compact ball),
   * except for a random share of up to half of its atoms that stays dissolved on random sites of
   * the matrix. The share sets how strong the clustering is.
   */
  private void clustered(long[] w, int countB) {
    boolean minorityIsB = 2 * countB <= PackedSupercell.SITES;
    int count = minorityIsB ? countB : PackedSupercell.SITES - countB;
    int dissolved = below(count / 2 + 1);
    place(BALL[count - dissolved], site(), w);
    if (!minorityIsB) {
      for (int b = 0; b < 4; b++) w[b] = ~w[b];
    }
    flip(w, dissolved, minorityIsB ? 0 : 1);
  }

  /**
   * The L1_2 / L1_0 / L1_2 superstructure nearest in composition (B on 1, 2 or 3 of the four
   * sublattices), brought to the B count and disordered by a random number of antisite pairs (up
   * to a quarter of the minority atoms): each site of the A sublattices turns B, and each site of
   * the B sublattices turns A, with the probability that gives those numbers on average, then
   * random flips make the count exact.
   */
  private void ordered(long[] w, int countB) {
    int sublattices = Math.round(4f * countB / PackedSupercell.SITES);
    int onB = 64 * sublattices;
    int onA = PackedSupercell.SITES - onB;
    int swaps = Math.min(countB, PackedSupercell.SITES - countB) / 4;
    swaps = swaps == 0 ? 0 : below(swaps + 1);
    int up = Math.max(0, countB - onB) + swaps;
    int down = Math.max(0, onB - countB) + swaps;
    int pUp = onA == 0 ? 0 : Math.min(256, Math.round(256f * up / onA));
    int pDown = onB == 0 ? 0 : Math.min(256, Math.round(256f * down / onB));
    for (int b = 0; b < 4; b++) w[b] = RANK[b] < sublattices ? ~bernoulli(pDown) : bernoulli(pUp);
    exact(w, countB);
  }

  private static long[][][] planes() {
    int[][] directions = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, -1, 0}, {1, 0, 1}, {1, 0, -1}, {0, 1, 1},
        {0, 1, -1}, {1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}};
    FccLattice lattice = new FccLattice(PackedSupercell.CELLS, 1);
    long[][][] out = new long[directions.length][8][PackedSupercell.WORDS];
    byte[] occupation = new byte[lattice.sites()];
    for (int d = 0; d < directions.length; d++) {
      for (int plane = 0; plane < 8; plane++) {
        for (int i = 0; i < occupation.length; i++) {
          int dot = 0;
          for (int a = 0; a < 3; a++) dot += directions[d][a] * lattice.coordinate(i, a);
          occupation[i] = (byte) (Math.floorMod(dot, 8) == plane ? 1 : 0);
        }
        PackedSupercell.pack(occupation, out[d][plane]);
      }
    }
    return out;
  }

  /** Per basis pair, the axes (bit 0 x, 1 y, 2 z) on which both basis vectors are 1. */
  private static final int[][] BASIS_AND = basisAnd();

  private static int[][] basisAnd() {
    int[][] basis = FccLattice.BASIS;
    int[][] out = new int[4][4];
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        for (int axis = 0; axis < 3; axis++) out[a][b] |= (basis[a][axis] & basis[b][axis]) << axis;
      }
    }
    return out;
  }

  /**
   * The 257 nested balls around site 0 in the periodic supercell: sites sorted by their shortest
   * periodic distance, ties broken by a fixed scramble of the site index so that a ball that ends
   * inside a shell does not favour one direction.
   */
  private static long[][] ball() {
    return nested(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  }

  /**
   * 24 ellipsoids of fixed random shape (semi-axes 0.5 to 2 relative) and orientation, each as
   * its 257 nested site sets around site 0, like {@link #BALL}.
   */
  private static long[][][] shapes() {
    SplittableRandom rnd = new SplittableRandom(0x5eed5eedL);
    long[][][] out = new long[24][][];
    for (int k = 0; k < out.length; k++) {
      double[][] q = randomRotation(rnd);
      double[] axes = {Math.exp(rnd.nextDouble(-0.7, 0.7)), Math.exp(rnd.nextDouble(-0.7, 0.7)), Math.exp(rnd.nextDouble(-0.7, 0.7))};
      double[][] metric = new double[3][3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          for (int a = 0; a < 3; a++) metric[i][j] += q[a][i] * q[a][j] / (axes[a] * axes[a]);
        }
      }
      out[k] = nested(metric);
    }
    return out;
  }

  /** Rows of a uniformly random rotation (a random unit quaternion). */
  private static double[][] randomRotation(SplittableRandom rnd) {
    double[] v = new double[4];
    double norm = 0;
    for (int i = 0; i < 4; i++) {
      v[i] = rnd.nextGaussian();
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    double w = v[0] / norm;
    double x = v[1] / norm;
    double y = v[2] / norm;
    double z = v[3] / norm;
    return new double[][] {
        {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)},
        {2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)},
        {2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)}};
  }

  /**
   * Sites in order of their smallest periodic distance from site 0 under {@code metric}
   * (d^T M d over the 27 nearest images), ties broken by a fixed scramble; entry k packs the
   * first k sites.
   */
  private static long[][] nested(double[][] metric) {
    FccLattice lattice = new FccLattice(PackedSupercell.CELLS, 1);
    int n = lattice.sites();
    int period = 2 * PackedSupercell.CELLS;
    Integer[] order = new Integer[n];
    long[] key = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      double best = Double.MAX_VALUE;
      for (int ix = -1; ix <= 1; ix++) {
        for (int iy = -1; iy <= 1; iy++) {
          for (int iz = -1; iz <= 1; iz++) {
            double[] d = {Math.floorMod(lattice.coordinate(i, 0), period) + ix * period,
                Math.floorMod(lattice.coordinate(i, 1), period) + iy * period,
                Math.floorMod(lattice.coordinate(i, 2), period) + iz * period};
            double d2 = 0;
            for (int a = 0; a < 3; a++) {
              for (int b = 0; b < 3; b++) d2 += d[a] * metric[a][b] * d[b];
            }
            best = Math.min(best, d2);
          }
        }
      }
      // Distances quantized finely enough to keep shells apart, coarsely enough that equal ones tie.
      key[i] = (Math.round(best * 1e6) << 20) | (mix(i) >>> 44);
    }
    Arrays.sort(order, Comparator.comparingLong(i -> key[i]));
    long[][] balls = new long[n + 1][PackedSupercell.WORDS];
    byte[] occupation = new byte[n];
    for (int k = 1; k <= n; k++) {
      occupation[order[k - 1]] = 1;
      PackedSupercell.pack(occupation, balls[k]);
    }
    return balls;
  }
}
