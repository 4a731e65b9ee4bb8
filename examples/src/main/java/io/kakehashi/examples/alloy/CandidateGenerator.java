package io.kakehashi.examples.alloy;

/**
 * Makes candidate supercells from (seed, id) alone, so that millions of candidates can be
 * screened and any of them re-simulated later without storing one. The B-atom count is uniform
 * over 0..sites, the ordering uniform over {@link Ordering}. Candidates are 4x4x4 fcc supercells
 * (256 atoms), built directly in {@link PackedSupercell} words.
 *
 * <p>Not thread-safe (it holds the current candidate's random stream); use one instance per thread.
 */
public final class CandidateGenerator {
  /** Sites nearest first, from site 0 (basis 0 of cell 0): {@code BALL[k]} packs the k nearest. */
  private static final long[][] BALL = ball();
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
    Ordering ordering = fill(id, occupation);
    return new Candidate(id, ordering, occupation);
  }

  /** Writes candidate {@code id}'s occupation, in {@link FccLattice}'s site order, into {@code occupation}. */
  public Ordering fill(long id, byte[] occupation) {
    Ordering ordering = fill(id, words);
    PackedSupercell.unpack(words, occupation);
    return ordering;
  }

  /** Writes candidate {@code id} into {@code packed} ({@link PackedSupercell} words); allocation-free. */
  Ordering fill(long id, long[] packed) {
    // Both halves pass through a 64-bit finaliser, so neighbouring ids get unrelated streams.
    state = seedMix ^ mix(id);
    sitesLeft = 0;
    int countB = below(PackedSupercell.SITES + 1);
    Ordering ordering = Ordering.ofIndex(below(3));
    switch (ordering) {
      case RANDOM -> random(packed, countB);
      case CLUSTERED -> clustered(packed, countB);
      case ORDERED -> ordered(packed, countB);
    }
    return ordering;
  }

  static long mix(long z) {
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
    int have = PackedSupercell.countB(w);
    if (have < countB) flip(w, countB - have, 0);
    if (have > countB) flip(w, have - countB, 1);
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

  /**
   * A precipitate: the minority species fills the sites nearest a random centre (a compact ball),
   * except for a random share of up to half of its atoms that stays dissolved on random sites of
   * the matrix. The share sets how strong the clustering is.
   */
  private void clustered(long[] w, int countB) {
    boolean minorityIsB = 2 * countB <= PackedSupercell.SITES;
    int count = minorityIsB ? countB : PackedSupercell.SITES - countB;
    int dissolved = below(count / 2 + 1);
    int centre = site();
    long[] ball = BALL[count - dissolved];
    int cb = centre & 3;
    int cell = centre >>> 2;
    int cx = cell & 3;
    int cy = (cell >>> 2) & 3;
    int cz = cell >>> 4;
    for (int b = 0; b < 4; b++) {
      // Moving site 0 to the centre moves basis b to basis b ^ cb (basis vectors add modulo the
      // cubic cell), one cell further along each axis where the two basis vectors both had a 1.
      int to = b ^ cb;
      int carry = BASIS_AND[b][cb];
      long moved = PackedSupercell.translate(ball[b], -(cx + (carry & 1)), -(cy + ((carry >> 1) & 1)),
          -(cz + ((carry >> 2) & 1)));
      w[to] = minorityIsB ? moved : ~moved;
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
    int have = PackedSupercell.countB(w);
    if (have < countB) flip(w, countB - have, 0);
    if (have > countB) flip(w, have - countB, 1);
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
    FccLattice lattice = new FccLattice(PackedSupercell.CELLS, 1);
    int n = lattice.sites();
    int period = 2 * PackedSupercell.CELLS;
    Integer[] order = new Integer[n];
    long[] key = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      long d2 = 0;
      for (int axis = 0; axis < 3; axis++) {
        int c = Math.floorMod(lattice.coordinate(i, axis), period);
        int d = Math.min(c, period - c);
        d2 += (long) d * d;
      }
      key[i] = (d2 << 32) | (mix(i) >>> 32);
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> key[i]));
    long[][] balls = new long[n + 1][PackedSupercell.WORDS];
    byte[] occupation = new byte[n];
    for (int k = 1; k <= n; k++) {
      occupation[order[k - 1]] = 1;
      PackedSupercell.pack(occupation, balls[k]);
    }
    return balls;
  }
}
