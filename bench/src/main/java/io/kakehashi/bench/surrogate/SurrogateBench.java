package io.kakehashi.bench.surrogate;

import java.util.Arrays;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the surrogate benchmarks and prints them in the units of the issue: predictions/s,
 * GFLOP/s and training samples/s. {@code --quick} shortens every iteration to one second, which
 * for training measures DL4J during its JIT warm-up: compare training with PyTorch through
 * {@link TrainingWindows} and {@code bench/surrogate/train_compare.sh} instead.
 */
public final class SurrogateBench {
  private SurrogateBench() {}

  public static void main(String[] args) throws Exception {
    ChainedOptionsBuilder opts = new OptionsBuilder()
        .include(InferenceBenchmark.class.getName())
        .include(GemmBenchmark.class.getName())
        .include(TrainingBenchmark.class.getName())
        .forks(1);
    if (Arrays.asList(args).contains("--quick")) {
      opts.warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(2)
          .measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(opts.build()).run();
    System.out.printf("%n%-22s %-26s %14s %14s%n", "benchmark", "params", "score (ops/s)", "derived");
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      double score = r.getPrimaryResult().getScore();
      String derived;
      String params;
      if (name.startsWith("InferenceBenchmark")) {
        int batch = Integer.parseInt(r.getParams().getParam("batch"));
        params = "batch=" + batch + " members=" + r.getParams().getParam("members");
        derived = String.format("%,.0f pred/s", score * batch);
      } else if (name.startsWith("GemmBenchmark")) {
        String shape = r.getParams().getParam("shape");
        String[] mkn = shape.split("x");
        double flops = 2.0 * Long.parseLong(mkn[0]) * Long.parseLong(mkn[1]) * Long.parseLong(mkn[2]);
        params = shape;
        derived = String.format("%.1f GFLOP/s", score * flops / 1e9);
      } else {
        params = "batch=" + r.getParams().getParam("batch");
        derived = String.format("%,.0f samples/s", score * TrainingBenchmark.ROWS);
      }
      System.out.printf("%-22s %-26s %14.2f %14s%n", name, params, score, derived);
    }
  }
}
