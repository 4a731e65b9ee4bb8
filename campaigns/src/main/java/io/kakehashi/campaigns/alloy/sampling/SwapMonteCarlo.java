package io.kakehashi.campaigns.alloy.sampling;

import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.structure.PackedSupercell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Canonical (fixed composition) swap Monte Carlo on the packed 4x4x4 fcc supercell: the
 * configurations a binary alloy visits at a temperature, with any batched energy model (the
 * surrogate, via {@link #surrogate}).
 *
 * <p>A move swaps a uniformly random B atom with a uniformly random A atom (a symmetric proposal:
 * the reverse move has the same probability) and is accepted with min(1, exp(-ΔE / kT)), ΔE the
 * change of the whole cell's energy (per-atom change times 256 atoms). Chains advance in
 * lock-step, a block at a time, so that every step's proposals of a whole block go to the energy
 * model in one call: a surrogate predicts a block of rows far faster than rows one by one.
 *
 * <p>Chain i's start and trajectory depend only on (seed, temperature, B count, i): each chain
 * draws from its own splitmix64 stream, as {@link CandidateGenerator} does per candidate. The
 * result is therefore bit-identical whatever the block size, the number of threads or the number
 * of other chains, provided the energy of a cell does not depend on which other cells share its
 * call (true of row-wise models).
 */
public final class SwapMonteCarlo {
  /** Boltzmann's constant in eV/K (CODATA 2018). */
  public static final double BOLTZMANN_EV_PER_K = 8.617333262e-5;

  private static final int SITES = PackedSupercell.SITES;
  private static final long GOLDEN = 0x9e3779b97f4a7c15L;

  private SwapMonteCarlo() {}

  /** A batched energy model. */
  @FunctionalInterface
  public interface Energy {
    /**
     * Writes the energy per atom (eV/atom) of {@code cells[r]} ({@link PackedSupercell} words)
     * into {@code outEvPerAtom[r]}, for r < n. Must not keep or change the arrays.
     */
    void energies(long[][] cells, int n, double[] outEvPerAtom) throws Exception;
  }

  /**
   * What to sample.
   *
   * @param temperatureK temperature in K (> 0)
   * @param countB B atoms per cell, 0..256
   * @param chains independent chains
   * @param sweeps sweeps per chain; one sweep is 256 attempted swaps. The first half
   *     ({@code sweeps / 2}) is burn-in
   * @param seed with temperature, B count and chain index, fixes every chain's start and trajectory
   * @param snapshotsPerChain configurations kept per chain, equally spaced over the sweeps after
   *     burn-in, the last at the final sweep; at most {@code sweeps - sweeps / 2}
   */
  public record Settings(double temperatureK, int countB, int chains, int sweeps, long seed, int snapshotsPerChain) {
    public Settings {
      if (!(temperatureK > 0) || Double.isInfinite(temperatureK)) {
        throw new IllegalArgumentException("temperature must be a finite number of kelvin > 0, got " + temperatureK);
      }
      if (countB < 0 || countB > SITES) {
        throw new IllegalArgumentException("B count must be 0.." + SITES + ", got " + countB);
      }
      if (chains < 1 || sweeps < 1) {
        throw new IllegalArgumentException("chains and sweeps must be >= 1, got " + chains + " and " + sweeps);
      }
      if (snapshotsPerChain < 1 || snapshotsPerChain > sweeps - sweeps / 2) {
        throw new IllegalArgumentException("snapshots per chain must be 1.." + (sweeps - sweeps / 2)
            + " (the sweeps after burn-in, the first half of " + sweeps + "), got " + snapshotsPerChain);
      }
    }

    /** The sweep after which chain snapshot {@code k} (0-based) is taken. */
    int snapshotSweep(int k) {
      int burnIn = sweeps / 2;
      return burnIn + (int) ((long) (k + 1) * (sweeps - burnIn) / snapshotsPerChain);
    }
  }

  /**
   * One kept configuration: its words ({@link PackedSupercell} layout), its chain, the sweep after
   * which it was taken (1-based) and its energy per atom (eV/atom). A value: equal when the words
   * and the rest are equal.
   */
  public record Snapshot(long[] words, int chain, int sweep, double energyPerAtom) {
    public Snapshot {
      if (words.length != PackedSupercell.WORDS) {
        throw new IllegalArgumentException("a packed cell has " + PackedSupercell.WORDS + " words, got " + words.length);
      }
      words = words.clone();
    }

    @Override
    public long[] words() {
      return words.clone();
    }

    /** The occupation in {@link FccLattice}'s site order (1 = B), as candidates give it. */
    public byte[] occupation() {
      byte[] occupation = new byte[SITES];
      PackedSupercell.unpack(words, occupation);
      return occupation;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Snapshot s && Arrays.equals(words, s.words) && chain == s.chain && sweep == s.sweep
          && Double.compare(energyPerAtom, s.energyPerAtom) == 0;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * Arrays.hashCode(words) + chain) + sweep) + Double.hashCode(energyPerAtom);
    }

    @Override
    public String toString() {
      return "Snapshot[chain=" + chain + ", sweep=" + sweep + ", energyPerAtom=" + energyPerAtom + ", words="
          + Arrays.toString(words) + "]";
    }
  }

  /**
   * @param settings what was sampled
   * @param snapshots chain by chain, each chain's in sweep order
   * @param proposals attempted swaps, burn-in included (0 for a pure element: no swap exists)
   * @param accepted accepted swaps among them
   * @param meanEnergyPerAtom mean energy per atom (eV/atom) over the snapshots
   * @param seconds wall seconds of the run
   */
  public record Result(Settings settings, List<Snapshot> snapshots, long proposals, long accepted,
                       double meanEnergyPerAtom, double seconds) {
    public Result {
      snapshots = List.copyOf(snapshots);
    }

    /** Accepted / attempted swaps over the whole run; 0 when nothing was attempted. */
    public double acceptanceRate() {
      return proposals == 0 ? 0.0 : (double) accepted / proposals;
    }
  }

  /**
   * The surrogate as an {@link Energy}: featurises the cells into one column-major {@code float}
   * block, as {@link Screening#featurise} does, and asks {@code model} for the whole block.
   * Buffers are reused between calls, so the adapter is not thread-safe: one per thread, each
   * with its own model ({@link Screening.BlockModel#forAnotherThread}); {@code descriptors} is
   * copied, so one instance may be shared.
   */
  public static Energy surrogate(Descriptors descriptors, Screening.BlockModel model) {
    return new SurrogateEnergy(descriptors.copy(), model);
  }

  /** Runs all chains on this thread, {@code blockSize} chains per energy call. */
  public static Result run(Energy energy, Settings settings, int blockSize) throws Exception {
    return run(() -> energy, settings, blockSize, 1);
  }

  /**
   * Runs the chains in blocks of {@code blockSize} on {@code threads} threads, each thread with
   * its own energy from {@code energies} (energies are not thread-safe). A block runs on one
   * thread, so more threads help only when there are more blocks. The result equals
   * {@link #run(Energy, Settings, int)}'s, seconds aside.
   */
  public static Result run(Callable<? extends Energy> energies, Settings settings, int blockSize, int threads)
      throws Exception {
    if (blockSize < 1 || threads < 1) {
      throw new IllegalArgumentException("block size and threads must be >= 1, got " + blockSize + " and " + threads);
    }
    long start = System.nanoTime();
    int blocks = (settings.chains() + blockSize - 1) / blockSize;
    BlockResult[] results = new BlockResult[blocks];
    int workers = Math.min(threads, blocks);
    if (workers == 1) {
      Energy energy = energies.call();
      for (int k = 0; k < blocks; k++) results[k] = runBlock(energy, settings, k, blockSize);
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      try {
        AtomicInteger nextBlock = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < workers; t++) {
          futures.add(pool.submit(() -> {
            Energy energy = energies.call();
            for (int k; (k = nextBlock.getAndIncrement()) < blocks; ) results[k] = runBlock(energy, settings, k, blockSize);
            return null;
          }));
        }
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
    List<Snapshot> snapshots = new ArrayList<>(settings.chains() * settings.snapshotsPerChain());
    long proposals = 0;
    long accepted = 0;
    double energySum = 0;
    for (BlockResult r : results) {
      snapshots.addAll(r.snapshots());
      proposals += r.proposals();
      accepted += r.accepted();
    }
    for (Snapshot s : snapshots) energySum += s.energyPerAtom();
    return new Result(settings, snapshots, proposals, accepted, energySum / snapshots.size(),
        (System.nanoTime() - start) / 1e9);
  }

  private record BlockResult(List<Snapshot> snapshots, long proposals, long accepted) {}

  private static BlockResult runBlock(Energy energy, Settings settings, int index, int blockSize) throws Exception {
    int first = index * blockSize;
    int n = Math.min(blockSize, settings.chains() - first);
    Block block = new Block(settings, first, n);
    block.start(energy);
    boolean pure = settings.countB() == 0 || settings.countB() == SITES;
    // Snapshot k of every chain of the block goes to k + c * snapshotsPerChain: chain by chain.
    int perChain = settings.snapshotsPerChain();
    Snapshot[] kept = new Snapshot[n * perChain];
    int k = 0;
    for (int sweep = 1; sweep <= settings.sweeps(); sweep++) {
      if (!pure) {
        for (int attempt = 0; attempt < SITES; attempt++) block.step(energy);
      }
      if (k < perChain && sweep == settings.snapshotSweep(k)) {
        for (int c = 0; c < n; c++) kept[c * perChain + k] = new Snapshot(block.cell(c), first + c, sweep, block.energy(c));
        k++;
      }
    }
    long proposals = pure ? 0 : (long) n * settings.sweeps() * SITES;
    return new BlockResult(Arrays.asList(kept), proposals, block.accepted());
  }

  /**
   * Chains {@code first .. first + n - 1} of a run, advancing in lock-step: {@link #step} makes
   * one proposal per chain, evaluates all of them in one energy call and accepts or rejects each.
   * Allocation-free after construction: an accepted proposal's words become the chain's by
   * swapping the two arrays.
   */
  static final class Block {
    private final int n;
    private final int countB;
    private final int countA;
    /** 1 / kT in 1/eV. */
    private final double beta;
    private final long[][] current;
    private final long[][] proposed;
    private final double[] energy;
    private final double[] proposedEnergy;
    /** Each chain's splitmix64 state. */
    private final long[] state;
    private final int first;
    private long accepted;

    Block(Settings settings, int first, int n) {
      this.n = n;
      this.first = first;
      this.countB = settings.countB();
      this.countA = SITES - countB;
      this.beta = 1.0 / (BOLTZMANN_EV_PER_K * settings.temperatureK());
      this.current = new long[n][PackedSupercell.WORDS];
      this.proposed = new long[n][PackedSupercell.WORDS];
      this.energy = new double[n];
      this.proposedEnergy = new double[n];
      this.state = new long[n];
      // Each input passes through the 64-bit finaliser before the next joins, so that nearby
      // seeds, temperatures, counts and chain indices give unrelated streams.
      long base = mix(mix(mix(settings.seed() ^ GOLDEN) ^ Double.doubleToLongBits(settings.temperatureK())) ^ countB);
      for (int c = 0; c < n; c++) {
        state[c] = base ^ mix(first + c);
        randomStart(c);
      }
    }

    /** Uniformly random placement of the B atoms: each goes to a uniformly random A site left. */
    private void randomStart(int c) {
      long[] w = current[c];
      for (int placed = 0; placed < countB; placed++) {
        int site = nthSite(w, (int) (((next(c) >>> 32) * (SITES - placed)) >>> 32), -1L);
        w[site >>> 6] |= 1L << site;
      }
    }

    /** Evaluates the start configurations. */
    void start(Energy model) throws Exception {
      model.energies(current, n, energy);
      for (int c = 0; c < n; c++) requireFinite(energy[c], c);
    }

    /** One attempted swap per chain (needs 0 < B count < 256). */
    void step(Energy model) throws Exception {
      for (int c = 0; c < n; c++) {
        long r = next(c);
        long[] w = current[c];
        int siteB = nthSite(w, (int) (((r >>> 32) * countB) >>> 32), 0L);
        int siteA = nthSite(w, (int) (((r & 0xFFFFFFFFL) * countA) >>> 32), -1L);
        long[] p = proposed[c];
        p[0] = w[0];
        p[1] = w[1];
        p[2] = w[2];
        p[3] = w[3];
        p[siteB >>> 6] ^= 1L << siteB;
        p[siteA >>> 6] ^= 1L << siteA;
      }
      model.energies(proposed, n, proposedEnergy);
      for (int c = 0; c < n; c++) {
        double e = proposedEnergy[c];
        requireFinite(e, c);
        double deltaTotal = (e - energy[c]) * SITES;
        // The uniform is drawn for every move, so each chain's stream advances the same way
        // whatever the energies.
        double u = (next(c) >>> 11) * 0x1.0p-53;
        if (deltaTotal <= 0 || u < Math.exp(-beta * deltaTotal)) {
          long[] t = current[c];
          current[c] = proposed[c];
          proposed[c] = t;
          energy[c] = e;
          accepted++;
        }
      }
    }

    /** Chain c's current words (live: copy before the next step if they must be kept). */
    long[] cell(int c) {
      return current[c];
    }

    double energy(int c) {
      return energy[c];
    }

    long accepted() {
      return accepted;
    }

    private long next(int c) {
      return mix(state[c] += GOLDEN);
    }

    private void requireFinite(double e, int c) {
      if (!Double.isFinite(e)) {
        throw new IllegalStateException("the energy model gave " + e + " eV/atom for a cell of chain " + (first + c));
      }
    }
  }

  /**
   * The site (64 * word + bit) of the {@code rank}-th (0-based) B site ({@code invert = 0}) or A
   * site ({@code invert = -1}) in word-then-bit order.
   */
  static int nthSite(long[] w, int rank, long invert) {
    int b = 0;
    long word = w[0] ^ invert;
    for (int c; rank >= (c = Long.bitCount(word)); ) {
      rank -= c;
      word = w[++b] ^ invert;
    }
    return 64 * b + selectBit(word, rank);
  }

  /**
   * The position of the {@code rank}-th (0-based) set bit of {@code word}, by halving: whether it
   * lies above the lower half is a comparison of the rank with that half's popcount, which the
   * JIT compiles without a branch (a random rank would mispredict).
   */
  static int selectBit(long word, int rank) {
    int pos = 0;
    for (int half = 32; half > 0; half >>= 1) {
      int low = Long.bitCount(word & ((1L << half) - 1));
      int above = (low - 1 - rank) >>> 31; // 1 when rank >= low
      int shift = half * above;
      rank -= low * above;
      word >>>= shift;
      pos += shift;
    }
    return pos;
  }

  /** The splitmix64 finaliser ({@link CandidateGenerator}'s), kept here so the streams stay as they are if that changes. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static final class SurrogateEnergy implements Energy {
    private final Descriptors descriptors;
    private final Screening.BlockModel model;
    private final double[] row;
    private float[] block = new float[0];
    private int stride;

    SurrogateEnergy(Descriptors descriptors, Screening.BlockModel model) {
      this.descriptors = descriptors;
      this.model = model;
      this.row = new double[descriptors.size()];
    }

    @Override
    public void energies(long[][] cells, int n, double[] outEvPerAtom) throws Exception {
      if (n > stride) {
        stride = n;
        block = new float[n * row.length];
      }
      for (int r = 0; r < n; r++) {
        descriptors.compute(cells[r], row, 0);
        for (int c = 0; c < row.length; c++) block[c * stride + r] = (float) row[c];
      }
      model.predict(block, stride, n, outEvPerAtom);
    }
  }
}
