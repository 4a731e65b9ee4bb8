package io.kakehashi.surrogate.metrics;

import java.util.Arrays;

/**
 * A factor on an ensemble's standard deviation, fitted on held-out rows so that the scaled σ
 * covers the errors as a Gaussian σ would.
 *
 * <p>Why: a deep ensemble's spread measures how much its members disagree, not how wrong they
 * are together, and on smooth targets it is typically several times too small (the alloy
 * campaign's raw σ covered 62% of errors at ±2σ instead of 95%). A gate that compares σ with a
 * threshold then lets through predictions it should not. Scaling σ by one factor per target
 * (variance scaling; Levi et al. 2019, Kuleshov et al. 2018) keeps the ranking the ensemble
 * gives and fixes its units.
 *
 * <p>The factor is the smallest one whose scaled σ covers at least the Gaussian share of the
 * held-out errors at both ±1σ and ±2σ, so a heavy-tailed error distribution gets the larger,
 * safer factor. It can be below 1 for an under-confident ensemble.
 *
 * @param target the target the factor applies to
 * @param factor what the members' standard deviation is multiplied by
 * @param before the calibration of the unscaled σ on the rows the factor was fitted on
 */
public record SpreadCalibration(String target, double factor, Calibration before) {
  /** Fewer held-out rows than this give no usable 95% quantile: the factor stays 1. */
  public static final int MIN_ROWS = 20;

  public SpreadCalibration {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(target + ": spread factor must be finite and > 0, got " + factor);
    }
  }

  /** The factor for {@code target} from held-out truth, ensemble mean and unscaled σ. */
  public static SpreadCalibration fit(String target, double[] truth, double[] mean, double[] std) {
    Calibration before = Calibration.of(target, truth, mean, std);
    if (truth.length < MIN_ROWS) return new SpreadCalibration(target, 1.0, before);
    double[] ratio = new double[truth.length];
    for (int i = 0; i < truth.length; i++) {
      double e = Math.abs(truth[i] - mean[i]);
      ratio[i] = e == 0 ? 0 : std[i] > 0 ? e / std[i] : Double.POSITIVE_INFINITY;
    }
    Arrays.sort(ratio);
    double factor = Math.max(quantile(ratio, Calibration.GAUSSIAN_1_SIGMA), quantile(ratio, Calibration.GAUSSIAN_2_SIGMA) / 2);
    // All-zero errors (a constant target) or σ = 0 on most rows leave nothing to scale by.
    if (!(factor > 0) || Double.isInfinite(factor)) factor = 1.0;
    return new SpreadCalibration(target, factor, before);
  }

  /** The smallest sorted value at or above which a share {@code p} of the values lie below or at. */
  private static double quantile(double[] sorted, double p) {
    int k = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
  }
}
