package io.kakehashi.surrogate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpreadCalibrationTest {
  @Test
  void anOverConfidentSpreadIsScaledUpToTheErrors() {
    // Errors of σ = 3 where the model claims σ = 1.
    double[] truth = gaussian(4000, 3.0, 1);
    double[] mean = new double[truth.length];
    double[] std = constant(truth.length, 1.0);

    SpreadCalibration c = SpreadCalibration.fit("y", truth, mean, std);

    assertEquals(3.0, c.factor(), 0.15);
    assertEquals(0.26, c.before().within1Sigma(), 0.03);
    Calibration after = Calibration.of("y", truth, mean, constant(truth.length, c.factor()));
    assertEquals(Calibration.GAUSSIAN_1_SIGMA, after.within1Sigma(), 0.02);
    assertEquals(Calibration.GAUSSIAN_2_SIGMA, after.within2Sigma(), 0.02);
  }

  @Test
  void anUnderConfidentSpreadIsScaledDown() {
    double[] truth = gaussian(4000, 0.5, 2);

    SpreadCalibration c = SpreadCalibration.fit("y", truth, new double[truth.length], constant(truth.length, 1.0));

    assertEquals(0.5, c.factor(), 0.05);
  }

  @Test
  void heavyTailsTakeTheLargerFactorSoBothCoveragesHold() {
    // 80% small errors, 20% large ones: the 1σ quantile alone would leave the ±2σ share short.
    double[] truth = gaussian(5000, 1.0, 3);
    for (int i = 0; i < truth.length; i += 5) truth[i] *= 10;
    double[] std = constant(truth.length, 1.0);

    SpreadCalibration c = SpreadCalibration.fit("y", truth, new double[truth.length], std);

    Calibration after = Calibration.of("y", truth, new double[truth.length], constant(truth.length, c.factor()));
    assertTrue(after.within1Sigma() >= Calibration.GAUSSIAN_1_SIGMA - 1e-9, after.toString());
    assertEquals(Calibration.GAUSSIAN_2_SIGMA, after.within2Sigma(), 0.01);
  }

  @Test
  void tooFewRowsOrNothingToScaleLeaveTheSpreadAlone() {
    double[] few = gaussian(SpreadCalibration.MIN_ROWS - 1, 5.0, 4);
    assertEquals(1.0, SpreadCalibration.fit("y", few, new double[few.length], constant(few.length, 1)).factor());

    double[] exact = constant(100, 2.0);
    assertEquals(1.0, SpreadCalibration.fit("y", exact, exact.clone(), constant(100, 0.1)).factor());

    double[] zeroSpread = new double[100];
    assertEquals(1.0, SpreadCalibration.fit("y", gaussian(100, 1, 5), zeroSpread, zeroSpread).factor());
  }

  @Test
  void factorMustBePositiveAndFinite() {
    Calibration any = Calibration.of("y", new double[] {1}, new double[] {1}, new double[] {1});
    assertThrows(IllegalArgumentException.class, () -> new SpreadCalibration("y", 0, any));
    assertThrows(IllegalArgumentException.class, () -> new SpreadCalibration("y", Double.POSITIVE_INFINITY, any));
  }

  private static double[] gaussian(int n, double sigma, long seed) {
    Random rnd = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = sigma * rnd.nextGaussian();
    return v;
  }

  private static double[] constant(int n, double value) {
    double[] v = new double[n];
    Arrays.fill(v, value);
    return v;
  }
}
