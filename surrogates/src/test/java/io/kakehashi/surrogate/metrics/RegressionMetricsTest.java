package io.kakehashi.surrogate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
  @Test
  void knownErrors() {
    double[] truth = {1, 2, 3, 4};
    double[] predicted = {1.5, 2, 2, 4};
    RegressionMetrics m = RegressionMetrics.of("e_mix", truth, predicted);
    assertEquals(0.375, m.mae(), 1e-15);
    assertEquals(Math.sqrt(1.25 / 4), m.rmse(), 1e-15);
    assertEquals(1 - 1.25 / 5.0, m.r2(), 1e-15);
    assertEquals(1.0, m.maxError());
    assertEquals(4, m.n());
  }

  @Test
  void perfectPredictionOfAConstantHasR2One() {
    assertEquals(1.0, RegressionMetrics.of("y", new double[] {2, 2}, new double[] {2, 2}).r2());
  }

  @Test
  void calibrationCountsRowsWithinOneAndTwoSigma() {
    double[] truth = {0, 0, 0, 0};
    double[] mean = {0.5, 1.5, 2.5, 0};
    double[] sigma = {1, 1, 1, 1};
    Calibration c = Calibration.of("y", truth, mean, sigma);
    assertEquals(0.5, c.within1Sigma());
    assertEquals(0.75, c.within2Sigma());
  }
}
