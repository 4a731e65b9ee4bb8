package io.kakehashi.campaigns.alloy.screen;

import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.Family;
import io.kakehashi.campaigns.alloy.structure.PackedSupercell;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The screening loop: regenerates candidates from (seed, id) block by block, featurises each
 * block into one column-major {@code float[]} (the layout and precision the models compute in)
 * and hands it to a batched model, keeping the k
 * lowest predictions per composition bin and drawing a random control sample. Nothing per
 * candidate is stored, so a million candidates need only one block of memory.
 *
 * <p>Not thread-safe: one instance per thread (split the id range between threads).
 */
public final class Screening {
  /**
   * A model that predicts one value per row of a column-major feature block: feature c of row r
   * at {@code features[c * stride + r]}, features in {@link Descriptors#names()} order.
   */
  @FunctionalInterface
  public interface BlockModel {
    String UNGATED = "UNGATED";

    /** Writes the prediction for row r into {@code out[r]}, for r < rows (rows <= stride). */
    void predict(float[] features, int stride, int rows, double[] out) throws Exception;

    /**
     * As {@link #predict(float[], int, int, double[])} for rows whose configuration family is
     * known ({@code families[r]}): a model whose uncertainty is calibrated per family uses it.
     */
    default void predict(float[] features, int stride, int rows, Family[] families, double[] out) throws Exception {
      predict(features, stride, rows, out);
    }

    /** The uncertainty (ensemble spread) of row r of the last {@link #predict} call; NaN if the model has none. */
    default double spread(int row) {
      return Double.NaN;
    }

    /**
     * The surrogate gate's verdict on row r of the last {@link #predict} call (ACCEPTED,
     * UNCERTAIN, OUT_OF_DOMAIN...), or {@link #UNGATED} for a model without a gate.
     */
    default String decision(int row) {
      return UNGATED;
    }

    /**
     * A model for another screening thread. Models that keep the last block's results (spread,
     * decisions) return a fresh one sharing what was loaded; a stateless model returns itself.
     */
    default BlockModel forAnotherThread() {
      return this;
    }

    /** How results name this model in their provenance, e.g. {@code mixing-energy@v3}. */
    default String name() {
      return getClass().getSimpleName();
    }
  }

  /** A screened candidate: its id, B fraction, predicted value, its spread and the gate's decision. */
  public record Pick(long id, double fractionB, double predicted, double spread, String decision)
      implements Serializable {}

  /**
   * @param top per composition bin (ascending x_B), then per exact composition asked for
   *     ({@link #exactCompositions}), the ACCEPTED picks (or, for a model without a
   *     gate, all picks) with the lowest prediction, best first; symmetry-equivalent copies (equal
   *     descriptors) only once
   * @param uncertain per bin, the lowest predictions the gate did not accept, kept where their
   *     optimistic bound (prediction minus two spreads) beats the bin's best accepted prediction:
   *     they could still be among the best, so LAMMPS decides them. Ranked by prediction, not by
   *     bound: a bound ranking would favour the widest spreads, not the lowest energies
   * @param sample a uniform random sample of the screened range with its predictions, for an
   *     unbiased verification
   * @param screened candidates screened
   * @param seconds wall seconds of the whole loop (generation + featurisation + model)
   * @param decisions how many screened candidates the gate gave each decision
   * @param model the model's name, for provenance
   */
  public record Result(List<List<Pick>> top, List<List<Pick>> uncertain, List<Pick> sample, long screened,
                       double seconds, Map<String, Long> decisions, String model) implements Serializable {
    public double secondsPerCandidate() {
      return seconds / screened;
    }

    /** All top picks of all bins, bin by bin. */
    public List<Pick> topPicks() {
      List<Pick> all = new ArrayList<>();
      top.forEach(all::addAll);
      return all;
    }

    /** All uncertain picks of all bins, bin by bin. */
    public List<Pick> uncertainPicks() {
      List<Pick> all = new ArrayList<>();
      uncertain.forEach(all::addAll);
      return all;
    }
  }

  /** How far below its prediction an uncertain candidate could plausibly lie: two spreads. */
  static final double OPTIMISM_SIGMAS = 2;

  /** The lowest value an uncertain prediction could plausibly have. */
  static double optimistic(Pick p) {
    return p.predicted() - OPTIMISM_SIGMAS * (Double.isNaN(p.spread()) ? 0 : p.spread());
  }

  /** A pick and the hash of its descriptors, by which equivalent copies are recognised. */
  private record Held(Pick pick, long shape, double key) {}

  /** The k best picks of a bin by a key, each structure once. */
  private static final class Best {
    private final int k;
    private final PriorityQueue<Held> heap;

    Best(int k) {
      this.k = k;
      this.heap = new PriorityQueue<>(k + 1, Comparator.comparingDouble(Held::key).reversed());
    }

    boolean wants(double key) {
      return k > 0 && (heap.size() < k || key < heap.peek().key());
    }

    void offer(Pick pick, long shape, double key) {
      for (Held h : heap) {
        if (h.shape() == shape) {
          if (key < h.key() || (key == h.key() && pick.id() < h.pick().id())) {
            heap.remove(h);
            break;
          }
          return;
        }
      }
      heap.add(new Held(pick, shape, key));
      if (heap.size() > k) heap.poll();
    }

    List<Held> held() {
      return List.copyOf(heap);
    }
  }

  /** The descriptors of row r of a column-major block, as a hash: equal for equivalent structures. */
  private static long shape(float[] block, int stride, int columns, int r) {
    long h = 0x9e3779b97f4a7c15L;
    for (int c = 0; c < columns; c++) h = CandidateGenerator.mix(h ^ Float.floatToIntBits(block[c * stride + r]));
    return h;
  }

  private static boolean accepted(String decision) {
    return decision.equals("ACCEPTED") || decision.equals(BlockModel.UNGATED);
  }

  private final Descriptors descriptors;
  private final CandidateGenerator generator;
  private final long[] packed = new long[PackedSupercell.WORDS];
  private final double[] row;

  /** Per B count 0..256: the extra slot that keeps that exact composition's best, or -1. */
  private final int[] exactSlot = new int[PackedSupercell.SITES + 1];
  private int[] exactCounts = new int[0];
  private LongConsumer screenedBlock = rows -> {};

  /**
   * Also keeps the best candidates of these exact compositions (B atoms per cell), each in a slot
   * of its own after the bins: a stoichiometric ordering (L1_2 at x = 0.25, L1_0 at 0.5) is then
   * on the list even when a bin's best lie elsewhere in the bin.
   */
  public Screening exactCompositions(int... countsB) {
    Arrays.fill(exactSlot, -1);
    exactCounts = countsB.clone();
    return this;
  }

  /**
   * Tells {@code screened} how many candidates each block screened, as soon as it is done: a
   * progress counter (called on the screening's thread).
   */
  public Screening progress(LongConsumer screened) {
    this.screenedBlock = screened;
    return this;
  }

  public Screening(Descriptors descriptors, CandidateGenerator generator) {
    if (descriptors.lattice().sites() != generator.lattice().sites()) {
      throw new IllegalArgumentException("descriptors and generator use different lattices");
    }
    // Its own instance: descriptors keep scratch words, and screenings run one per thread.
    this.descriptors = descriptors.copy();
    this.generator = generator;
    this.row = new double[descriptors.size()];
    Arrays.fill(exactSlot, -1);
  }

  public int columns() {
    return descriptors.size();
  }

  /**
   * Features of candidates {@code firstId .. firstId + rows - 1} into the column-major
   * {@code block}: feature c of candidate {@code firstId + r} at {@code block[c * stride + r]}.
   */
  public void featurise(long firstId, int rows, float[] block, int stride) {
    featurise(firstId, rows, block, stride, new Family[rows]);
  }

  /** As {@link #featurise(long, int, float[], int)}, with each candidate's family in {@code families[r]}. */
  public void featurise(long firstId, int rows, float[] block, int stride, Family[] families) {
    if (rows > stride || block.length < descriptors.size() * stride) {
      throw new IllegalArgumentException("a block of stride " + stride + " and " + block.length + " values cannot hold "
          + rows + " rows of " + descriptors.size() + " features");
    }
    for (int r = 0; r < rows; r++) families[r] = featurise(firstId + r, block, stride, r);
  }

  private Family featurise(long id, float[] block, int stride, int r) {
    Family family = generator.fill(id, packed);
    descriptors.compute(packed, row, 0);
    for (int c = 0; c < row.length; c++) block[c * stride + r] = (float) row[c];
    return family;
  }

  /**
   * Screens ids {@code firstId .. firstId + count - 1}.
   *
   * @param blockSize rows per model call (thousands: batched inference is what makes it fast)
   * @param bins composition bins of equal width over x_B in [0, 1]
   * @param k picks kept per bin
   * @param sampleSize size of the random control sample
   * @param sampleSeed seed of that sample
   */
  public Result screen(long firstId, long count, int blockSize, BlockModel model, int bins, int k, int sampleSize,
      long sampleSeed) throws Exception {
    if (count < 1 || blockSize < 1 || bins < 1 || k < 0 || sampleSize < 0) {
      throw new IllegalArgumentException("count, blockSize and bins must be >= 1, k and sampleSize >= 0");
    }
    long start = System.nanoTime();
    int f = descriptors.size();
    float[] block = new float[blockSize * f];
    double[] predicted = new double[blockSize];
    Family[] families = new Family[blockSize];
    Map<String, Long> decisions = new TreeMap<>();
    List<Best> best = new ArrayList<>();
    List<Best> doubtful = new ArrayList<>();
    int slots = bins + exactCounts.length;
    for (int i = 0; i < exactCounts.length; i++) exactSlot[exactCounts[i]] = bins + i;
    for (int b = 0; b < slots; b++) {
      best.add(new Best(k));
      doubtful.add(new Best(k));
    }
    for (long done = 0; done < count; done += blockSize) {
      int rows = (int) Math.min(blockSize, count - done);
      featurise(firstId + done, rows, block, blockSize, families);
      model.predict(block, blockSize, rows, families, predicted);
      String last = null;
      long run = 0;
      for (int r = 0; r < rows; r++) {
        double xB = block[r];
        String decision = model.decision(r);
        // Decisions come in long runs of the same value: count runs, not map lookups per row.
        if (!decision.equals(last)) {
          if (last != null) decisions.merge(last, run, Long::sum);
          last = decision;
          run = 0;
        }
        run++;
        int bin = Math.min(bins - 1, (int) (xB * bins));
        int exact = exactSlot[Math.round((float) xB * PackedSupercell.SITES)];
        for (int slot = bin; slot >= 0; slot = slot == exact ? -1 : exact) {
          if (accepted(decision)) {
            if (best.get(slot).wants(predicted[r])) {
              best.get(slot).offer(new Pick(firstId + done + r, xB, predicted[r], model.spread(r), decision),
                  shape(block, blockSize, f, r), predicted[r]);
            }
          } else if (doubtful.get(slot).wants(predicted[r])) {
            doubtful.get(slot).offer(new Pick(firstId + done + r, xB, predicted[r], model.spread(r), decision),
                shape(block, blockSize, f, r), predicted[r]);
          }
        }
      }
      if (last != null) decisions.merge(last, run, Long::sum);
      screenedBlock.accept(rows);
    }
    List<Pick> sample = predictSample(sample(firstId, count, sampleSize, sampleSeed), model);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<List<Held>> top = new ArrayList<>();
    List<List<Held>> unsure = new ArrayList<>();
    for (int b = 0; b < slots; b++) {
      top.add(best.get(b).held());
      unsure.add(doubtful.get(b).held());
    }
    return finish(top, unsure, k, sample, count, seconds, decisions, model.name());
  }

  /**
   * Per bin: the k best accepted picks (each structure once), and the k lowest uncertain
   * predictions whose optimistic bound beats the best accepted prediction (all of them where
   * nothing was accepted).
   */
  private static Result finish(List<List<Held>> top, List<List<Held>> unsure, int k, List<Pick> sample, long count,
      double seconds, Map<String, Long> decisions, String model) {
    List<List<Pick>> picks = new ArrayList<>();
    List<List<Pick>> doubtful = new ArrayList<>();
    for (int b = 0; b < top.size(); b++) {
      List<Pick> bin = unique(top.get(b), k);
      double bestAccepted = bin.isEmpty() ? Double.POSITIVE_INFINITY : bin.get(0).predicted();
      List<Held> candidates = new ArrayList<>();
      for (Held h : unsure.get(b)) if (optimistic(h.pick()) < bestAccepted) candidates.add(h);
      picks.add(bin);
      doubtful.add(unique(candidates, k));
    }
    return new Result(List.copyOf(picks), List.copyOf(doubtful), sample, count, seconds, Map.copyOf(decisions), model);
  }

  /** The k held picks with the lowest key, best first, one per structure. */
  private static List<Pick> unique(List<Held> held, int k) {
    List<Held> sorted = new ArrayList<>(held);
    sorted.sort(Comparator.comparingDouble(Held::key).thenComparingLong(h -> h.pick().id()));
    Set<Long> seen = new HashSet<>();
    List<Pick> out = new ArrayList<>();
    for (Held h : sorted) {
      if (out.size() < k && seen.add(h.shape())) out.add(h.pick());
    }
    return List.copyOf(out);
  }

  /** {@link #shape(float[], int, int, int)} of generated candidate {@code id}. */
  private long shape(long id) {
    int f = descriptors.size();
    float[] one = new float[f];
    featurise(id, one, 1, 0);
    return shape(one, 1, f, 0);
  }

  private List<Pick> predictSample(long[] ids, BlockModel model) throws Exception {
    int f = descriptors.size();
    int stride = Math.max(1, ids.length);
    float[] block = new float[stride * f];
    double[] predicted = new double[stride];
    Family[] families = new Family[stride];
    for (int r = 0; r < ids.length; r++) families[r] = featurise(ids[r], block, stride, r);
    if (ids.length > 0) model.predict(block, stride, ids.length, families, predicted);
    List<Pick> picks = new ArrayList<>(ids.length);
    for (int r = 0; r < ids.length; r++) {
      picks.add(new Pick(ids[r], block[r], predicted[r], model.spread(r), model.decision(r)));
    }
    return List.copyOf(picks);
  }

  /**
   * Screens the range on {@code threads} threads, each with its own {@link Screening} and model
   * (neither is thread-safe), over contiguous parts of the range, and {@link #merge merges} the
   * parts: the result is the one {@link #screen} gives on one thread.
   */
  public static Result screenParallel(int threads, Supplier<Screening> screenings,
      Callable<BlockModel> models, long firstId, long count, int blockSize, int bins, int k,
      int sampleSize, long sampleSeed) throws Exception {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    long start = System.nanoTime();
    long[] bounds = ranges(firstId, count, (int) Math.min(threads, Math.max(1, count / blockSize)));
    ExecutorService pool = Executors.newFixedThreadPool(bounds.length - 1);
    try {
      List<Future<Result>> futures = new ArrayList<>();
      for (int t = 0; t + 1 < bounds.length; t++) {
        long from = bounds[t];
        long to = bounds[t + 1];
        futures.add(pool.submit(() -> screenings.get().screen(from, to - from, blockSize, models.call(), bins, k, 0, 0)));
      }
      List<Result> parts = new ArrayList<>();
      for (Future<Result> f : futures) {
        try {
          parts.add(f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : e;
        }
      }
      return screenings.get().merge(parts, models.call(), firstId, count, k, sampleSize, sampleSeed, start);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {@code parts + 1} ascending bounds that cut ids {@code firstId .. firstId + count - 1} into
   * {@code parts} contiguous ranges of nearly equal size: range i is {@code [b[i], b[i+1])}.
   */
  public static long[] ranges(long firstId, long count, int parts) {
    if (parts < 1 || count < 1) throw new IllegalArgumentException("parts and count must be >= 1");
    long[] bounds = new long[parts + 1];
    for (int i = 0; i <= parts; i++) {
      // count * i / parts without overflow for counts near Long.MAX_VALUE / parts.
      bounds[i] = firstId + count / parts * i + count % parts * i / parts;
    }
    return bounds;
  }

  /**
   * The result of the whole range {@code firstId .. firstId + count - 1} from the results of its
   * disjoint parts (screened without a sample, in any order): each slot's picks merged, each
   * structure once, the decisions summed, and the random sample drawn over the whole range and
   * predicted with {@code model} here.
   *
   * @param startNanos {@link System#nanoTime()} when the screening of the parts began
   */
  public Result merge(List<Result> parts, BlockModel model, long firstId, long count, int k, int sampleSize,
      long sampleSeed, long startNanos) throws Exception {
    List<List<Held>> top = new ArrayList<>();
    List<List<Held>> unsure = new ArrayList<>();
    Map<String, Long> decisions = new TreeMap<>();
    long screened = 0;
    for (Result part : parts) {
      while (top.size() < part.top().size()) {
        top.add(new ArrayList<>());
        unsure.add(new ArrayList<>());
      }
      for (int b = 0; b < part.top().size(); b++) {
        for (Pick p : part.top().get(b)) top.get(b).add(new Held(p, shape(p.id()), p.predicted()));
        for (Pick p : part.uncertain().get(b)) unsure.get(b).add(new Held(p, shape(p.id()), p.predicted()));
      }
      part.decisions().forEach((d, n) -> decisions.merge(d, n, Long::sum));
      screened += part.screened();
    }
    if (screened != count) {
      throw new IllegalArgumentException("the parts screened " + screened + " candidates, not the range's " + count);
    }
    List<Pick> sample = predictSample(sample(firstId, count, sampleSize, sampleSeed), model);
    return finish(top, unsure, k, sample, count, (System.nanoTime() - startNanos) / 1e9, decisions, model.name());
  }

  /** {@code size} distinct ids drawn uniformly from the range, ascending. */
  static long[] sample(long firstId, long count, int size, long seed) {
    int n = (int) Math.min(size, count);
    SplittableRandom rnd = new SplittableRandom(seed);
    Set<Long> chosen = new TreeSet<>();
    while (chosen.size() < n) chosen.add(firstId + rnd.nextLong(count));
    return chosen.stream().mapToLong(Long::longValue).toArray();
  }
}
