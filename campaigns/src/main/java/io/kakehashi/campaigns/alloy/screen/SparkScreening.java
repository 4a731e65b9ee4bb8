package io.kakehashi.campaigns.alloy.screen;

import io.kakehashi.campaigns.alloy.screen.Screening.BlockModel;
import io.kakehashi.workflow.Params;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The screen as a Spark job: the id range is cut into contiguous ranges, one partition each; a
 * task regenerates, featurises, predicts and gates its range with the model, which travels once
 * per executor in a broadcast, and returns its per-slot best and its gate counts. The driver
 * {@link Screening#merge merges} them and draws the random sample, so the result is the one the
 * in-process {@link Screening#screenParallel} gives for the same range, on any cluster.
 *
 * <p>Memory is bounded whatever the range: a task holds one block of rows, a part's result is
 * k picks per slot, and the ranges are at most {@link #MAX_RANGE} ids, so a billion candidates
 * are a few hundred small results on the driver.
 */
public final class SparkScreening {
  /**
   * How an executor gets the model: everything it needs (the model's files included) travels
   * inside it, so it works on executors that cannot see the driver's files.
   */
  public interface ModelSource extends Serializable {
    /** Equal for sources of the same model: an executor JVM loads each model once. */
    String key();

    BlockModel load() throws Exception;
  }

  /**
   * The most ids one task screens (about four seconds on one core): enough tasks that progress
   * moves and a lost task costs little, few enough that scheduling costs nothing.
   */
  public static final long MAX_RANGE = 4_000_000;

  /** Models loaded in this JVM by key; each task screens with its own view ({@link BlockModel#forAnotherThread}). */
  private static final Map<String, BlockModel> LOADED = new ConcurrentHashMap<>();

  private SparkScreening() {}

  /** What every task needs, broadcast once: the screen's parameters and the model. */
  private record Job(Map<String, Object> spec, ModelSource model, int blockRows) implements Serializable {}

  /**
   * Screens {@code spec}'s range on {@code spark}'s executors.
   *
   * @param model the model on the driver (it predicts the random sample); it is also what
   *     executors in this JVM ({@code local[*]}) use instead of loading {@code source} again
   * @param sampleSeed seed of the random control sample
   * @param screened told how many candidates finished tasks screened, as tasks finish
   */
  public static Screening.Result screen(SparkSession spark, ScreenSpec spec, ModelSource source, BlockModel model,
      int blockRows, long sampleSeed, LongConsumer screened) throws Exception {
    long start = System.nanoTime();
    // Executors in this JVM (local mode) screen with the driver's model instead of loading it again.
    boolean seeded = LOADED.putIfAbsent(source.key(), model) == null;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long[] bounds = Screening.ranges(spec.first(), spec.count(), parts(spec.count(), jsc.defaultParallelism(), blockRows));
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i + 1 < bounds.length; i++) ranges.add(new long[] {bounds[i], bounds[i + 1]});
    Broadcast<Job> job = jsc.broadcast(new Job(spec.toParams(), source, blockRows));
    LongAccumulator done = jsc.sc().longAccumulator("candidates screened");
    try {
      JavaFutureAction<List<Screening.Result>> parts = jsc.parallelize(ranges, ranges.size())
          .mapPartitions(it -> screenRanges(it, job.value(), done))
          .collectAsync();
      List<Screening.Result> results = await(parts, done, screened);
      return spec.screening().merge(results, model, spec.first(), spec.count(), spec.topK(), spec.randomSample(),
          sampleSeed, start);
    } finally {
      job.destroy();
      if (seeded) LOADED.remove(source.key());
    }
  }

  /**
   * Ranges for {@code count} ids: a multiple of the cluster's parallelism (no core idles in the
   * last wave), each at most {@link #MAX_RANGE} ids and at least one block.
   */
  static int parts(long count, int parallelism, int blockRows) {
    long waves = Math.max(1, (count + (long) parallelism * MAX_RANGE - 1) / ((long) parallelism * MAX_RANGE));
    long parts = Math.min(waves * parallelism, Math.max(1, count / blockRows));
    return (int) Math.min(parts, Integer.MAX_VALUE);
  }

  private static List<Screening.Result> await(JavaFutureAction<List<Screening.Result>> parts, LongAccumulator done,
      LongConsumer screened) throws Exception {
    long reported = 0;
    while (true) {
      try {
        List<Screening.Result> results = parts.get(1, TimeUnit.SECONDS);
        screened.accept(done.value() - reported);
        return results;
      } catch (TimeoutException e) {
        long now = done.value();
        if (now > reported) screened.accept(now - reported);
        reported = now;
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception ex ? ex : e;
      } catch (InterruptedException e) {
        parts.cancel(true);
        throw e;
      }
    }
  }

  /** On an executor: screens the task's ranges (one, by construction) without a sample. */
  private static Iterator<Screening.Result> screenRanges(Iterator<long[]> ranges, Job job, LongAccumulator done)
      throws Exception {
    ScreenSpec spec = ScreenSpec.fromParams(Params.of(job.spec()));
    BlockModel model = loaded(job.model()).forAnotherThread();
    List<Screening.Result> out = new ArrayList<>();
    while (ranges.hasNext()) {
      long[] r = ranges.next();
      out.add(spec.screening().screen(r[0], r[1] - r[0], job.blockRows(), model, spec.bins(), spec.topK(), 0, 0));
      done.add(r[1] - r[0]);
    }
    return out.iterator();
  }

  private static BlockModel loaded(ModelSource source) throws Exception {
    BlockModel m = LOADED.get(source.key());
    if (m != null) return m;
    synchronized (LOADED) {
      m = LOADED.get(source.key());
      if (m == null) {
        m = source.load();
        LOADED.put(source.key(), m);
      }
      return m;
    }
  }
}
