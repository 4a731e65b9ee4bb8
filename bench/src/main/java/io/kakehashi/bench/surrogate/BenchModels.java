package io.kakehashi.bench.surrogate;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import io.kakehashi.surrogate.model.MlpConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The benchmark network, 64-256-256-1, and random data for it. */
final class BenchModels {
  static final int FEATURES = 64;
  static final List<Integer> HIDDEN = List.of(256, 256);

  private BenchModels() {}

  static List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < FEATURES; i++) names.add("f" + i);
    return names;
  }

  /** {@code rows} rows of uniform features and a target that depends on a few of them. */
  static Table table(int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, double[]> cols = new LinkedHashMap<>();
    double[] y = new double[rows];
    for (String f : featureNames()) {
      double[] c = new double[rows];
      for (int r = 0; r < rows; r++) c[r] = rnd.nextDouble();
      cols.put(f, c);
    }
    for (int r = 0; r < rows; r++) y[r] = Math.sin(3 * cols.get("f0")[r]) + cols.get("f1")[r] * cols.get("f2")[r];
    cols.put("y", y);
    return Table.of(cols);
  }

  static MlpConfig mlp(int maxEpochs, int batchSize) {
    return MlpConfig.builder().hiddenLayers(HIDDEN).batchSize(batchSize).maxEpochs(maxEpochs)
        .validationFraction(0).seed(1).build();
  }

  /**
   * An ensemble of the benchmark shape, trained for one epoch: inference cost does not depend on
   * how well trained the weights are, and this goes through the real feature pipeline.
   */
  static Ensemble ensemble(int members) {
    return EnsembleTrainer.train(table(512, 1), FeatureSchema.continuous(featureNames()), List.of("y"),
        EnsembleConfig.of(mlp(1, 256), members));
  }

  /** Row-major random features, {@code rows x FEATURES}. */
  static float[] features(int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[rows * FEATURES];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble();
    return x;
  }
}
