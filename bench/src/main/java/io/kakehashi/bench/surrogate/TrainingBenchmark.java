package io.kakehashi.bench.surrogate;

import io.kakehashi.surrogate.model.EnsembleTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
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
 * One epoch of Adam over 4096 rows for a single 64-256-256-1 member, in mini-batches of
 * {@code batch}: training samples per second = score x 4096. The same network and epoch as
 * {@code bench/surrogate/torch_mlp.py}, for the PyTorch comparison. The warm-up is 30 s because C2
 * compiles DL4J's Java side for the first 15-20 s of training; a shorter one (SurrogateBench's
 * {@code --quick}) measures that phase. {@link TrainingWindows} times it the way torch_mlp.py does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TrainingBenchmark {
  static final int ROWS = 4096;

  @Param({"64", "256"})
  public int batch;

  private MultiLayerNetwork net;
  private final List<DataSet> batches = new ArrayList<>();

  @Setup
  public void setUp() {
    net = EnsembleTrainer.trainingNetwork(BenchModels.FEATURES, 1, BenchModels.mlp(1, batch), 1);
    float[] x = BenchModels.features(ROWS, 3);
    for (int from = 0; from < ROWS; from += batch) {
      float[] bx = Arrays.copyOfRange(x, from * BenchModels.FEATURES, (from + batch) * BenchModels.FEATURES);
      float[] by = new float[batch];
      for (int i = 0; i < batch; i++) by[i] = bx[i * BenchModels.FEATURES] * bx[i * BenchModels.FEATURES + 1];
      batches.add(new DataSet(Nd4j.create(bx, new long[] {batch, BenchModels.FEATURES}, 'c'),
          Nd4j.create(by, new long[] {batch, 1}, 'c')));
    }
  }

  @Benchmark
  public MultiLayerNetwork epoch() {
    for (DataSet d : batches) net.fit(d);
    return net;
  }
}
