package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.ColumnStats;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.metrics.RegressionMetrics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class LinearBaselineTest {
  static final FeatureSchema XYZ = FeatureSchema.continuous("x0", "x1", "x2");

  /** Like an alloy's mixing energy: hundreds of units linear in the features, a few that are not. */
  static double mostlyLinear(double[] x) {
    return 400 * x[0] - 250 * x[1] + 3 * Math.sin(5 * x[2]);
  }

  static final MlpConfig SMALL = MlpConfig.builder().hiddenLayers(16, 16).learningRate(LearningRate.exponential(1e-2, 0.97))
      .batchSize(128).maxEpochs(10).patience(10).validationFraction(0.2).seed(7).build();

  @Test
  void membersLearningTheResidualOverALinearBaselineAreFarMorePrecise() {
    Table rows = SyntheticData.uniform(1500, 3, 0, 1, 1, LinearBaselineTest::mostlyLinear);

    Ensemble plain = EnsembleTrainer.train(rows, XYZ, List.of("y"), EnsembleConfig.of(SMALL, 2));
    Ensemble residual = EnsembleTrainer.train(rows, XYZ, List.of("y"), EnsembleConfig.of(SMALL, 2).withLinearBaseline(1e-6));

    // Both held-out evaluations are of the full prediction, in the target's units.
    double without = plain.training().heldOutEvaluation().orElseThrow().metrics("y").mae();
    double with = residual.training().heldOutEvaluation().orElseThrow().metrics("y").mae();
    assertTrue(with * 5 < without, "MAE " + with + " with the baseline, " + without + " without");
    Table fresh = SyntheticData.uniform(1000, 3, 0, 1, 2, LinearBaselineTest::mostlyLinear);
    assertTrue(residual.evaluate(fresh).metrics("y").mae() * 5 < plain.evaluate(fresh).metrics("y").mae());
    // The baseline found the linear part; the members were left the sine.
    LinearBaseline baseline = residual.linearBaseline().orElseThrow();
    assertEquals(400, baseline.coefficients()[0][0], 2);
    assertEquals(-250, baseline.coefficients()[0][1], 2);
    assertTrue(residual.targetScaler().scale()[0] < 3, "residual spread " + residual.targetScaler());
    assertTrue(plain.linearBaseline().isEmpty());
    // Alone, the baseline misses the sine (mean |3 sin| is about 1.9); the members take most of it.
    double alone = RegressionMetrics.of("y", fresh.column("y"), baseline.predict(fresh, "y")).mae();
    assertTrue(alone > 1 && residual.evaluate(fresh).metrics("y").mae() < alone / 3, "baseline alone " + alone);
  }

  @Test
  void tablesRowMajorBlocksAndBothBlockPathsPredictTheSame() {
    Table rows = SyntheticData.uniform(400, 3, 0, 1, 3, LinearBaselineTest::mostlyLinear);
    Table probe = SyntheticData.uniform(37, 3, -0.5, 1.5, 4, LinearBaselineTest::mostlyLinear);
    float[] rowMajor = new float[37 * 3];
    probe.copyRowMajor(XYZ.names(), 0, 37, rowMajor);
    // SiLU members run in the vector kernel, tanh members through ND4J's GEMM.
    for (Activation activation : List.of(Activation.SWISH, Activation.TANH)) {
      MlpConfig mlp = SMALL.toBuilder().activation(activation).maxEpochs(3).build();
      Ensemble model = EnsembleTrainer.train(rows, XYZ, List.of("y"), EnsembleConfig.of(mlp, 3).withLinearBaseline(1e-6));

      Prediction fromTable = model.predict(probe);
      Prediction fromRows = model.predict(XYZ.names(), rowMajor, 37);
      BlockPredictor predictor = model.predictor(40);
      float[] block = new float[3 * 40];
      probe.copyColumnMajor(XYZ.names(), 0, 37, block, 40);
      predictor.predict(block, 37);

      for (int r = 0; r < 37; r++) {
        assertEquals(fromTable.mean(r, 0), fromRows.mean(r, 0), 0.0, activation + " row " + r);
        assertEquals(fromTable.mean(r, 0), predictor.mean(r, 0), 0.0, activation + " row " + r);
        assertEquals(fromTable.std(r, 0), predictor.std(r, 0), 0.0, activation + " row " + r);
      }
    }
  }

  @Test
  void dependentAndConstantFeaturesDoNotBreakTheFit() {
    // c = 1 - a (like pair fractions that sum to one) and k constant: X'X is singular.
    List<String> columns = List.of("a", "b", "c", "k", "y");
    ColumnStats stats = new ColumnStats(columns);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int r = 0; r < 500; r++) {
      double a = rnd.nextDouble();
      double b = rnd.nextDouble();
      stats.add(new double[] {a, b, 1 - a, 5, 2 + 3 * a - b});
    }

    LinearBaseline.Fit fit = LinearBaseline.fit(stats, columns.subList(0, 4), List.of("y"), 1e-6);

    double[] w = fit.baseline().coefficients()[0];
    // The ridge splits a's effect evenly between a and its mirror c, and gives k nothing.
    assertEquals(1.5, w[0], 1e-4);
    assertEquals(-1.0, w[1], 1e-4);
    assertEquals(-1.5, w[2], 1e-4);
    assertEquals(0.0, w[3], 0.0);
    float[] row = {0.25f, 0.5f, 0.75f, 5f};
    assertEquals(2 + 3 * 0.25 - 0.5, fit.baseline().predict(0, row, 0, 1), 1e-4);
    // An exactly linear target leaves only round-off to learn: its spread is floored, not 0.
    double residualSpread = fit.residuals().scale()[0];
    assertTrue(residualSpread > 0 && residualSpread < 1e-5, "residual spread " + residualSpread);
    assertEquals(0.0, fit.residuals().mean()[0]);
  }

  @Test
  void withoutTheOptionTheConfigReadsAsBefore() {
    EnsembleConfig off = EnsembleConfig.of(SMALL, 2);

    // Its string is part of cache fingerprints: unchanged for models that do not use the option.
    assertFalse(off.hasLinearBaseline());
    assertEquals("EnsembleConfig[mlp=" + SMALL + ", members=2, bootstrap=false]", off.toString());
    assertEquals("EnsembleConfig[mlp=" + SMALL + ", members=2, bootstrap=true, linearBaselineRidge=1.0E-6]",
        off.withLinearBaseline(1e-6).withBootstrap(true).toString());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> off.withLinearBaseline(0));
    assertTrue(zero.getMessage().startsWith("linearBaselineRidge must be > 0"), zero.getMessage());
  }
}
