package io.kakehashi.surrogate.active;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.MlpConfig;
import io.kakehashi.surrogate.model.Prediction;
import org.junit.jupiter.api.Test;

class ActiveLearningTest {
  static final FeatureSchema X4 = FeatureSchema.continuous("x0", "x1", "x2", "x3");
  static final double TARGET_RMSE = 0.05;

  /** The cheap "simulation": a smooth 4-D background plus a narrow bump of height 1.5 off-centre. */
  static double bumpy(double[] x) {
    double[] c = {0.75, 0.25, 0.75, 0.25};
    double d2 = 0;
    for (int i = 0; i < 4; i++) d2 += (x[i] - c[i]) * (x[i] - c[i]);
    return 0.5 * Math.sin(3 * x[0]) + 0.4 * x[1] * x[1] + 0.3 * x[2] * x[3] + 1.5 * Math.exp(-d2 / (2 * 0.15 * 0.15));
  }

  static double[] simulate(Table points) {
    double[] y = new double[points.rowCount()];
    for (int r = 0; r < y.length; r++) y[r] = bumpy(points.row(r, X4.names()));
    return y;
  }

  final Table pool = SyntheticData.uniform(1500, 4, 0, 1, 100, x -> 0).select(X4.names());
  final Table test = SyntheticData.uniform(400, 4, 0, 1, 200, ActiveLearningTest::bumpy);
  final Table initial = SyntheticData.uniform(20, 4, 0, 1, 300, ActiveLearningTest::bumpy);
  // Few rows: train on all of them, full-batch, for a fixed number of epochs.
  final EnsembleConfig model = EnsembleConfig.of(MlpConfig.builder().hiddenLayers(32, 32).learningRate(2e-2)
      .batchSize(256).maxEpochs(150).validationFraction(0).seed(5).build(), 3);

  @Test
  void uncertaintySamplingReachesTheAccuracyTargetWithFewerSimulationsThanRandom() throws Exception {
    ActiveLearning.StopRule accurate = m -> m.evaluate(test).metrics("y").rmse() <= TARGET_RMSE;

    ActiveLearning.Outcome active = ActiveLearning.run(
        new ActiveLearning.Settings(X4, "y", model, Acquisition.maxUncertainty(), 40, 180),
        initial, pool, ActiveLearningTest::simulate, accurate);
    assertTrue(active.satisfied(), "uncertainty sampling missed the target: " + active.rounds());

    // Random sampling gets the same budget that active learning needed, and does not get there.
    ActiveLearning.Outcome random = ActiveLearning.run(
        new ActiveLearning.Settings(X4, "y", model, Acquisition.random(9), 40, active.simulations()),
        initial, pool, ActiveLearningTest::simulate, accurate);
    assertFalse(random.satisfied(), "random sampling reached the target within " + active.simulations()
        + " simulations: " + random.rounds());
  }

  @Test
  void acquisitionRulesRankAsDocumented() {
    Prediction p = SyntheticData.quickEnsemble().predict(SyntheticData.uniform(50, 3, -1.5, 1.5, 1, x -> 0));
    double[] std = p.std("y");
    double[] mean = p.mean("y");
    boolean[] taken = new boolean[50];

    int[] top = Acquisition.maxUncertainty().pick(p, "y", 3, taken);
    for (int i = 0; i < 50; i++) assertTrue(std[top[2]] >= std[i] || i == top[0] || i == top[1] || i == top[2]);
    int[] lcb = Acquisition.lowerConfidenceBound(2).pick(p, "y", 1, taken);
    for (int i = 0; i < 50; i++) assertTrue(mean[lcb[0]] - 2 * std[lcb[0]] <= mean[i] - 2 * std[i]);

    taken[top[0]] = true;
    int[] next = Acquisition.maxUncertainty().pick(p, "y", 2, taken);
    assertArrayEquals(new int[] {top[1], top[2]}, next, "a taken candidate is never picked again");
  }
}
