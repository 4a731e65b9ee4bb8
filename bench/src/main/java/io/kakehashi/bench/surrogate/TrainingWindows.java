package io.kakehashi.bench.surrogate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@link TrainingBenchmark}'s epoch timed the way {@code bench/surrogate/torch_mlp.py} times
 * PyTorch's, so that the two print comparable lines: per batch size, a fresh network trains for a
 * warm-up, then in two-second windows; each window gives samples/s, and the line shows their min,
 * median and max. The first window of the warm-up is printed too: the JIT compiles DL4J's Java side
 * during the first 15-20 seconds, and training as short as a JMH iteration sees only that phase.
 *
 * <pre>
 * OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE java -Dorg.bytedeco.javacpp.maxphysicalbytes=0 \
 *     -cp bench/target/classes:$(cat /tmp/bench-cp.txt) io.kakehashi.bench.surrogate.TrainingWindows [warm-up s] [windows]
 * </pre>
 */
public final class TrainingWindows {
  static final double WINDOW_SECONDS = 2;

  private TrainingWindows() {}

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int windows = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    for (int batch : new int[] {64, 256}) {
      TrainingBenchmark epoch = new TrainingBenchmark();
      epoch.batch = batch;
      epoch.setUp();
      double first = window(epoch);
      long end = System.nanoTime() + (long) ((warmup - WINDOW_SECONDS) * 1e9);
      while (System.nanoTime() < end) epoch.epoch();
      List<Double> rates = new ArrayList<>();
      for (int w = 0; w < windows; w++) rates.add(window(epoch));
      Collections.sort(rates);
      System.out.printf(Locale.ROOT, "train batch=%d first window %.0f; after %d s warm-up, %d windows: min %.0f median %.0f max %.0f samples/s%n",
          batch, first, warmup, windows, rates.get(0), rates.get(rates.size() / 2), rates.get(rates.size() - 1));
    }
  }

  /** Whole epochs for at least {@link #WINDOW_SECONDS}: samples per second. */
  private static double window(TrainingBenchmark epoch) {
    long start = System.nanoTime();
    long end = start + (long) (WINDOW_SECONDS * 1e9);
    int epochs = 0;
    while (System.nanoTime() < end) {
      epoch.epoch();
      epochs++;
    }
    return (double) epochs * TrainingBenchmark.ROWS / ((System.nanoTime() - start) / 1e9);
  }
}
