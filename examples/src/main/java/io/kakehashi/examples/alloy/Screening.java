package io.kakehashi.examples.alloy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The screening loop: regenerates candidates from (seed, id) block by block, featurises each
 * block into one row-major {@code double[]} and hands it to a batched model, keeping the k
 * lowest predictions per composition bin and drawing a random control sample. Nothing per
 * candidate is stored, so a million candidates need only one block of memory.
 *
 * <p>Not thread-safe: one instance per thread (split the id range between threads).
 */
public final class Screening {
  /** A model that predicts one value per row of a row-major feature block (rows x columns). */
  @FunctionalInterface
  public interface BlockModel {
    /** Writes the prediction for row r into {@code out[r]}, for r < rows. */
    void predict(double[] features, int rows, int columns, double[] out) throws Exception;
  }

  /** A screened candidate: its id, B fraction and predicted value. */
  public record Pick(long id, double fractionB, double predicted) {}

  /**
   * @param top per composition bin (ascending x_B), the picks with the lowest prediction, best first
   * @param sample a uniform random sample of the screened range with its predictions, for an
   *     unbiased verification
   * @param screened candidates screened
   * @param seconds wall seconds of the whole loop (generation + featurisation + model)
   */
  public record Result(List<List<Pick>> top, List<Pick> sample, long screened, double seconds) {
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
  private final byte[] occupation;

  public Screening(Descriptors descriptors, CandidateGenerator generator) {
    if (descriptors.lattice().sites() != generator.lattice().sites()) {
      throw new IllegalArgumentException("descriptors and generator use different lattices");
    }
    this.descriptors = descriptors;
    this.generator = generator;
    this.occupation = new byte[generator.lattice().sites()];
  }

  public int columns() {
    return descriptors.size();
  }

  /** Features of candidates {@code firstId .. firstId + rows - 1} into {@code block} (rows x columns). */
  public void featurise(long firstId, int rows, double[] block) {
    int f = descriptors.size();
    if (block.length < rows * f) throw new IllegalArgumentException("block holds " + block.length / f + " rows, not " + rows);
    for (int r = 0; r < rows; r++) {
      generator.fill(firstId + r, occupation);
      descriptors.compute(occupation, block, r * f);
    }
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
    double[] block = new double[blockSize * f];
    double[] predicted = new double[blockSize];
    Comparator<Pick> worstFirst = Comparator.comparingDouble(Pick::predicted).reversed();
    List<PriorityQueue<Pick>> heaps = new ArrayList<>();
    for (int b = 0; b < bins; b++) heaps.add(new PriorityQueue<>(k + 1, worstFirst));
    for (long done = 0; done < count; done += blockSize) {
      int rows = (int) Math.min(blockSize, count - done);
      featurise(firstId + done, rows, block);
      model.predict(block, rows, f, predicted);
      for (int r = 0; r < rows; r++) {
        double xB = block[r * f];
        PriorityQueue<Pick> heap = heaps.get(Math.min(bins - 1, (int) (xB * bins)));
        if (heap.size() < k) {
          heap.add(new Pick(firstId + done + r, xB, predicted[r]));
        } else if (k > 0 && predicted[r] < heap.peek().predicted()) {
          heap.poll();
          heap.add(new Pick(firstId + done + r, xB, predicted[r]));
        }
      }
    }
    List<Pick> sample = predictSample(sample(firstId, count, sampleSize, sampleSeed), model);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<List<Pick>> top = new ArrayList<>();
    for (PriorityQueue<Pick> heap : heaps) {
      List<Pick> picks = new ArrayList<>(heap);
      picks.sort(Comparator.comparingDouble(Pick::predicted).thenComparingLong(Pick::id));
      top.add(List.copyOf(picks));
    }
    return new Result(List.copyOf(top), sample, count, seconds);
  }

  private List<Pick> predictSample(long[] ids, BlockModel model) throws Exception {
    int f = descriptors.size();
    double[] block = new double[Math.max(1, ids.length) * f];
    double[] predicted = new double[Math.max(1, ids.length)];
    for (int r = 0; r < ids.length; r++) {
      generator.fill(ids[r], occupation);
      descriptors.compute(occupation, block, r * f);
    }
    if (ids.length > 0) model.predict(block, ids.length, f, predicted);
    List<Pick> picks = new ArrayList<>(ids.length);
    for (int r = 0; r < ids.length; r++) picks.add(new Pick(ids[r], block[r * f], predicted[r]));
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
      for (int b = 0; b < bins; b++) merged.add(new ArrayList<>());
      for (java.util.concurrent.Future<Result> f : futures) {
        Result part;
        try {
          part = f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : e;
        }
        for (int b = 0; b < bins; b++) merged.get(b).addAll(part.top().get(b));
      }
      List<List<Pick>> top = new ArrayList<>();
      for (List<Pick> bin : merged) {
        bin.sort(Comparator.comparingDouble(Pick::predicted).thenComparingLong(Pick::id));
        top.add(List.copyOf(bin.subList(0, Math.min(k, bin.size()))));
      }
      Screening own = screenings.get();
      List<Pick> sample = own.predictSample(sample(firstId, count, sampleSize, sampleSeed), models.call());
      return new Result(List.copyOf(top), sample, count, (System.nanoTime() - start) / 1e9);
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
