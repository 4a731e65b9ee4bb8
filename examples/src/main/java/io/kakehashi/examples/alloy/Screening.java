package io.kakehashi.examples.alloy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

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
  public record Pick(long id, double fractionB, double predicted, double spread, String decision) {}

  /**
   * @param top per composition bin (ascending x_B), the picks with the lowest prediction, best first
   * @param sample a uniform random sample of the screened range with its predictions, for an
   *     unbiased verification
   * @param screened candidates screened
   * @param seconds wall seconds of the whole loop (generation + featurisation + model)
   * @param decisions how many screened candidates the gate gave each decision
   * @param model the model's name, for provenance
   */
  public record Result(List<List<Pick>> top, List<Pick> sample, long screened, double seconds,
                       Map<String, Long> decisions, String model) {
    public double secondsPerCandidate() {
      return seconds / screened;
    }

    /** All top picks of all bins, bin by bin. */
    public List<Pick> topPicks() {
      List<Pick> all = new ArrayList<>();
      top.forEach(all::addAll);
      return all;
    }
  }

  private final Descriptors descriptors;
  private final CandidateGenerator generator;
  private final long[] packed = new long[PackedSupercell.WORDS];
  private final double[] row;

  public Screening(Descriptors descriptors, CandidateGenerator generator) {
    if (descriptors.lattice().sites() != generator.lattice().sites()) {
      throw new IllegalArgumentException("descriptors and generator use different lattices");
    }
    // Its own instance: descriptors keep scratch words, and screenings run one per thread.
    this.descriptors = new Descriptors(descriptors.system(), descriptors.lattice());
    this.generator = generator;
    this.row = new double[descriptors.size()];
  }

  public int columns() {
    return descriptors.size();
  }

  /**
   * Features of candidates {@code firstId .. firstId + rows - 1} into the column-major
   * {@code block}: feature c of candidate {@code firstId + r} at {@code block[c * stride + r]}.
   */
  public void featurise(long firstId, int rows, float[] block, int stride) {
    if (rows > stride || block.length < descriptors.size() * stride) {
      throw new IllegalArgumentException("a block of stride " + stride + " and " + block.length + " values cannot hold "
          + rows + " rows of " + descriptors.size() + " features");
    }
    for (int r = 0; r < rows; r++) featurise(firstId + r, block, stride, r);
  }

  private void featurise(long id, float[] block, int stride, int r) {
    generator.fill(id, packed);
    descriptors.compute(packed, row, 0);
    for (int c = 0; c < row.length; c++) block[c * stride + r] = (float) row[c];
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
    Map<String, Long> decisions = new TreeMap<>();
    Comparator<Pick> worstFirst = Comparator.comparingDouble(Pick::predicted).reversed();
    List<PriorityQueue<Pick>> heaps = new ArrayList<>();
    for (int b = 0; b < bins; b++) heaps.add(new PriorityQueue<>(k + 1, worstFirst));
    for (long done = 0; done < count; done += blockSize) {
      int rows = (int) Math.min(blockSize, count - done);
      featurise(firstId + done, rows, block, blockSize);
      model.predict(block, blockSize, rows, predicted);
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
        PriorityQueue<Pick> heap = heaps.get(Math.min(bins - 1, (int) (xB * bins)));
        if (heap.size() < k) {
          heap.add(new Pick(firstId + done + r, xB, predicted[r], model.spread(r), decision));
        } else if (k > 0 && predicted[r] < heap.peek().predicted()) {
          heap.poll();
          heap.add(new Pick(firstId + done + r, xB, predicted[r], model.spread(r), decision));
        }
      }
      if (last != null) decisions.merge(last, run, Long::sum);
    }
    List<Pick> sample = predictSample(sample(firstId, count, sampleSize, sampleSeed), model);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<List<Pick>> top = new ArrayList<>();
    for (PriorityQueue<Pick> heap : heaps) {
      List<Pick> picks = new ArrayList<>(heap);
      picks.sort(Comparator.comparingDouble(Pick::predicted).thenComparingLong(Pick::id));
      top.add(List.copyOf(picks));
    }
    return new Result(List.copyOf(top), sample, count, seconds, Map.copyOf(decisions), model.name());
  }

  private List<Pick> predictSample(long[] ids, BlockModel model) throws Exception {
    int f = descriptors.size();
    int stride = Math.max(1, ids.length);
    float[] block = new float[stride * f];
    double[] predicted = new double[stride];
    for (int r = 0; r < ids.length; r++) featurise(ids[r], block, stride, r);
    if (ids.length > 0) model.predict(block, stride, ids.length, predicted);
    List<Pick> picks = new ArrayList<>(ids.length);
    for (int r = 0; r < ids.length; r++) {
      picks.add(new Pick(ids[r], block[r], predicted[r], model.spread(r), model.decision(r)));
    }
    return List.copyOf(picks);
  }

  /**
   * Screens the range on {@code threads} threads, each with its own {@link Screening} and model
   * (neither is thread-safe), over contiguous parts of the range; the per-bin top lists are
   * merged and the random sample is drawn over the whole range, so the result is the one
   * {@link #screen} gives on one thread.
   */
  public static Result screenParallel(int threads, java.util.function.Supplier<Screening> screenings,
      java.util.concurrent.Callable<BlockModel> models, long firstId, long count, int blockSize, int bins, int k,
      int sampleSize, long sampleSeed) throws Exception {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    long start = System.nanoTime();
    int parts = (int) Math.min(threads, Math.max(1, count / blockSize));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parts);
    try {
      List<java.util.concurrent.Future<Result>> futures = new ArrayList<>();
      for (int t = 0; t < parts; t++) {
        long from = firstId + count * t / parts;
        long to = firstId + count * (t + 1) / parts;
        futures.add(pool.submit(() -> screenings.get().screen(from, to - from, blockSize, models.call(), bins, k, 0, 0)));
      }
      List<List<Pick>> merged = new ArrayList<>();
      Map<String, Long> decisions = new TreeMap<>();
      for (int b = 0; b < bins; b++) merged.add(new ArrayList<>());
      for (java.util.concurrent.Future<Result> f : futures) {
        Result part;
        try {
          part = f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : e;
        }
        for (int b = 0; b < bins; b++) merged.get(b).addAll(part.top().get(b));
        part.decisions().forEach((d, n) -> decisions.merge(d, n, Long::sum));
      }
      List<List<Pick>> top = new ArrayList<>();
      for (List<Pick> bin : merged) {
        bin.sort(Comparator.comparingDouble(Pick::predicted).thenComparingLong(Pick::id));
        top.add(List.copyOf(bin.subList(0, Math.min(k, bin.size()))));
      }
      Screening own = screenings.get();
      BlockModel model = models.call();
      List<Pick> sample = own.predictSample(sample(firstId, count, sampleSize, sampleSeed), model);
      return new Result(List.copyOf(top), sample, count, (System.nanoTime() - start) / 1e9, Map.copyOf(decisions),
          model.name());
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code size} distinct ids drawn uniformly from the range, ascending. */
  static long[] sample(long firstId, long count, int size, long seed) {
    int n = (int) Math.min(size, count);
    SplittableRandom rnd = new SplittableRandom(seed);
    java.util.Set<Long> chosen = new java.util.TreeSet<>();
    while (chosen.size() < n) chosen.add(firstId + rnd.nextLong(count));
    return chosen.stream().mapToLong(Long::longValue).toArray();
  }
}
