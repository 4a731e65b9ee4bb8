package io.kakehashi.bench.surrogate;

import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.Prediction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ensemble inference through the full pipeline (schema check, standardisation, every member,
 * mean and σ) on a 64-256-256-1 MLP. Score is calls per second; predictions per second is score
 * times {@code batch}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class InferenceBenchmark {
  @Param({"1", "64", "4096"})
  public int batch;

  @Param({"1", "5"})
  public int members;

  private Ensemble model;
  private List<String> names;
  private float[] x;

  @Setup
  public void setUp() {
    model = BenchModels.ensemble(members);
    names = BenchModels.featureNames();
    x = BenchModels.features(batch, 7);
  }

  @Benchmark
  public Prediction predict() {
    return model.predict(names, x, batch);
  }
}
