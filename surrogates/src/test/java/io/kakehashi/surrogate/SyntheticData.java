package io.kakehashi.surrogate;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import io.kakehashi.surrogate.model.MlpConfig;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Seeded tables of a known function, shared by the tests of every package. */
public final class SyntheticData {
  private SyntheticData() {}

  private static Ensemble quick;

  /**
   * A small 3-member ensemble on 300 rows of {@link #smooth} over [-1, 1]^3, trained for a few
   * epochs: enough to have real spreads, cheap enough to share (built once per test JVM).
   */
  public static synchronized Ensemble quickEnsemble() {
    if (quick == null) {
      MlpConfig mlp = MlpConfig.builder().hiddenLayers(16, 16).learningRate(1e-2).batchSize(64).maxEpochs(8)
          .validationFraction(0.2).seed(3).build();
      quick = EnsembleTrainer.train(uniform(300, 3, -1, 1, 11, SyntheticData::smooth),
          FeatureSchema.continuous("x0", "x1", "x2"), List.of("y"), EnsembleConfig.of(mlp, 3));
    }
    return quick;
  }

  /** A smooth 3-D function, the "simulation" the models learn. */
  public static double smooth(double[] x) {
    return Math.sin(2 * x[0]) + 0.5 * x[1] * x[1] - 0.3 * x[0] * x[2];
  }

  /** {@code n} rows with features x0..x{d-1} uniform in [lo, hi] and target {@code y = f(x)}. */
  public static Table uniform(int n, int d, double lo, double hi, long seed, ToDoubleFunction<double[]> f) {
    String[] names = new String[d + 1];
    for (int i = 0; i < d; i++) names[i] = "x" + i;
    names[d] = "y";
    Table.Builder b = Table.builder(names);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int r = 0; r < n; r++) {
      double[] row = new double[d + 1];
      double[] x = new double[d];
      for (int i = 0; i < d; i++) x[i] = row[i] = lo + (hi - lo) * rnd.nextDouble();
      row[d] = f.applyAsDouble(x);
      b.addRow(row);
    }
    return b.build();
  }
}
