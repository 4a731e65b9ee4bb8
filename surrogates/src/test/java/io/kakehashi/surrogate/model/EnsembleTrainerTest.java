package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.metrics.RegressionMetrics;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnsembleTrainerTest {
  static final FeatureSchema XYZ = FeatureSchema.continuous("x0", "x1", "x2");

  static final MlpConfig SMALL = MlpConfig.builder()
      .hiddenLayers(32, 32)
      .learningRate(LearningRate.exponential(2e-2, 0.97))
      .batchSize(128)
      .maxEpochs(60)
      .patience(10)
      .validationFraction(0.2)
      .seed(7)
      .build();

  @Test
  void learnsASmoothFunctionToOnePercentOfItsRange() {
    Table rows = SyntheticData.uniform(1000, 3, -1, 1, 1, SyntheticData::smooth);

    Ensemble model = EnsembleTrainer.train(rows, XYZ, List.of("y"), EnsembleConfig.of(SMALL, 2));

    // The target spans about 3 units; the held-out rows were never trained on.
    RegressionMetrics heldOut = model.training().heldOutEvaluation().orElseThrow().metrics("y");
    assertTrue(heldOut.r2() > 0.995, "held-out " + heldOut);
    assertTrue(heldOut.mae() < 0.03, "held-out " + heldOut);
    Table fresh = SyntheticData.uniform(500, 3, -0.9, 0.9, 99, SyntheticData::smooth);
    assertTrue(model.evaluate(fresh).metrics("y").mae() < 0.03);
    assertEquals(2, model.members().size());
    assertEquals(1000, model.training().trainingRows() + model.training().validationRows());
  }

  @Test
  void ensembleSpreadGrowsOutsideTheTrainingDomain() {
    Table rows = SyntheticData.uniform(500, 3, -1, 1, 2, SyntheticData::smooth);
    Ensemble model = EnsembleTrainer.train(rows, XYZ, List.of("y"),
        EnsembleConfig.of(SMALL.toBuilder().maxEpochs(25).build(), 3));

    double inside = meanStd(model, SyntheticData.uniform(400, 3, -0.8, 0.8, 3, SyntheticData::smooth));
    double outside = meanStd(model, SyntheticData.uniform(400, 3, 2.5, 3.5, 4, SyntheticData::smooth));
    assertTrue(outside > 5 * inside, "sigma inside " + inside + ", outside " + outside);
  }

  @Test
  void spreadIsCalibratedOnTheValidationRowsSoFreshErrorsFallWithinIt() {
    // Measurement noise the members cannot disagree about: their raw spread is far too small.
    Random noise = new Random(12);
    Table rows = SyntheticData.uniform(1500, 3, -1, 1, 8, x -> SyntheticData.smooth(x) + 0.05 * noise.nextGaussian());
    Ensemble model = EnsembleTrainer.train(rows, XYZ, List.of("y"),
        EnsembleConfig.of(SMALL.toBuilder().maxEpochs(30).validationFraction(0.25).build(), 3));

    var spread = model.training().spread();
    assertEquals(1, spread.size());
    assertTrue(spread.get(0).factor() > 1.5, "factor " + spread.get(0));
    assertTrue(spread.get(0).before().within2Sigma() < 0.8, "raw " + spread.get(0).before());

    Random freshNoise = new Random(13);
    Table fresh = SyntheticData.uniform(3000, 3, -1, 1, 9, x -> SyntheticData.smooth(x) + 0.05 * freshNoise.nextGaussian());
    var coverage = model.evaluate(fresh).calibration("y");
    // Members trained in one network see the same mini-batches, so their raw spread is a little
    // less Gaussian in shape; the factor that gives ±2σ coverage over-covers ±1σ slightly.
    assertTrue(coverage.within1Sigma() > 0.6 && coverage.within1Sigma() < 0.9, "fresh rows " + coverage);
    assertTrue(coverage.within2Sigma() > 0.9, "fresh rows " + coverage);
  }

  @Test
  void sameSeedGivesTheSameModel() {
    Table rows = SyntheticData.uniform(200, 3, -1, 1, 5, SyntheticData::smooth);
    MlpConfig quick = SMALL.toBuilder().maxEpochs(3).build();
    Table probe = SyntheticData.uniform(10, 3, -1, 1, 6, SyntheticData::smooth);

    Prediction a = EnsembleTrainer.train(rows, XYZ, List.of("y"), EnsembleConfig.of(quick, 2)).predict(probe);
    Prediction b = EnsembleTrainer.train(rows, XYZ, List.of("y"), EnsembleConfig.of(quick, 2)).predict(probe);

    for (int r = 0; r < probe.rowCount(); r++) assertEquals(a.mean(r, 0), b.mean(r, 0), 0.0);
  }

  @Test
  void bootstrapMembersSeeDifferentRowsAndStillLearn() {
    Table rows = SyntheticData.uniform(500, 3, -1, 1, 8, SyntheticData::smooth);
    Ensemble model = EnsembleTrainer.train(rows, XYZ, List.of("y"),
        EnsembleConfig.of(SMALL.toBuilder().maxEpochs(20).build(), 2).withBootstrap(true));
    assertTrue(model.training().heldOutEvaluation().orElseThrow().metrics("y").r2() > 0.95);
  }

  @Test
  void predictsSeveralTargetsAtOnceWithDropoutL2AndAStepSchedule() {
    Table rows = SyntheticData.uniform(300, 3, -1, 1, 12, SyntheticData::smooth);
    double[] y = rows.column("y");
    double[] z = new double[y.length];
    for (int i = 0; i < y.length; i++) z[i] = 100 * y[i] + 5; // another unit and offset
    MlpConfig mlp = SMALL.toBuilder().dropout(0.1).l2(1e-4).learningRate(LearningRate.step(1e-2, 0.5, 2))
        .maxEpochs(4).build();

    Ensemble model = EnsembleTrainer.train(rows.withColumn("z", z), XYZ, List.of("y", "z"), EnsembleConfig.of(mlp, 2));

    Prediction p = model.predict(rows);
    assertEquals(List.of("y", "z"), p.targets());
    assertEquals(List.of("y", "z"), model.targetScaler().columns());
    // Targets are standardized separately, so z's spread comes out in z's own (100x) units.
    double ratio = mean(p.std("z")) / mean(p.std("y"));
    assertTrue(ratio > 10, "std ratio z/y " + ratio);
    assertEquals(2, model.training().heldOut().metrics().size());
  }

  @Test
  void learningRateSchedulesDecayPerEpoch() {
    assertEquals(0.01, LearningRate.constant(0.01).at(50));
    assertEquals(0.01 * 0.9 * 0.9, LearningRate.exponential(0.01, 0.9).at(2), 1e-15);
    assertEquals(0.005, LearningRate.step(0.01, 0.5, 10).at(19), 1e-15);
  }

  @Test
  void badConfigAndMissingColumnsAreNamed() {
    IllegalArgumentException dropout = assertThrows(IllegalArgumentException.class,
        () -> MlpConfig.builder().dropout(1.0).build());
    assertTrue(dropout.getMessage().startsWith("dropout must be in [0, 1)"), dropout.getMessage());
    Table rows = SyntheticData.uniform(10, 3, -1, 1, 1, SyntheticData::smooth);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> EnsembleTrainer.train(rows, XYZ, List.of("e_mix"), EnsembleConfig.of(SMALL, 1)));
    assertTrue(missing.getMessage().startsWith("training data lacks columns [e_mix]"), missing.getMessage());
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  private static double meanStd(Ensemble model, Table t) {
    double[] s = model.predict(t).std("y");
    double sum = 0;
    for (double v : s) sum += v;
    return sum / s.length;
  }
}
