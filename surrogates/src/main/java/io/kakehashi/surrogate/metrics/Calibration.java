package io.kakehashi.surrogate.metrics;

/**
 * How well an ensemble's standard deviation describes its error on held-out rows: the fraction of
 * rows whose true value lies within ±1σ and ±2σ of the predicted mean. A Gaussian error of that σ
 * gives 0.683 and 0.954; lower fractions mean an over-confident model.
 */
public record Calibration(String target, int n, double within1Sigma, double within2Sigma) {
  public static final double GAUSSIAN_1_SIGMA = 0.6827;
  public static final double GAUSSIAN_2_SIGMA = 0.9545;

  public static Calibration of(String target, double[] truth, double[] mean, double[] std) {
    if (truth.length != mean.length || truth.length != std.length) {
      throw new IllegalArgumentException(target + ": " + truth.length + " true values, " + mean.length + " means, "
          + std.length + " deviations");
    }
    if (truth.length == 0) throw new IllegalArgumentException(target + ": no rows to calibrate on");
    int in1 = 0, in2 = 0;
    for (int i = 0; i < truth.length; i++) {
      double e = Math.abs(truth[i] - mean[i]);
      if (e <= std[i]) in1++;
      if (e <= 2 * std[i]) in2++;
    }
    return new Calibration(target, truth.length, (double) in1 / truth.length, (double) in2 / truth.length);
  }
}
