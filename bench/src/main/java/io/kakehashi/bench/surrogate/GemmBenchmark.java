package io.kakehashi.bench.surrogate;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * ND4J's float GEMM, {@code C = A (m x k) B (k x n)}, at the benchmark MLP's hidden-layer shape
 * (4096 x 256 by 256 x 256) and a square 1024 one. GFLOP/s = score x 2mkn / 1e9: the ceiling
 * for inference, which is almost all GEMM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GemmBenchmark {
  @Param({"4096x256x256", "1024x1024x1024"})
  public String shape;

  private INDArray a;
  private INDArray b;
  private INDArray c;

  @Setup
  public void setUp() {
    String[] mkn = shape.split("x");
    int m = Integer.parseInt(mkn[0]);
    int k = Integer.parseInt(mkn[1]);
    int n = Integer.parseInt(mkn[2]);
    Nd4j.getRandom().setSeed(1);
    a = Nd4j.rand(DataType.FLOAT, m, k);
    b = Nd4j.rand(DataType.FLOAT, k, n);
    c = Nd4j.create(DataType.FLOAT, m, n);
  }

  @Benchmark
  public INDArray gemm() {
    return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
  }
}
