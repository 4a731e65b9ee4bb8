package io.kakehashi.surrogate.metrics;

/** Point-prediction error of one target over {@code n} rows, in the target's units (R² is unitless). */
public record RegressionMetrics(String target, int n, double mae, double rmse, double r2, double maxError) {

  public static RegressionMetrics of(String target, double[] truth, double[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(target + ": " + truth.length + " true values, " + predicted.length + " predictions");
    }
    if (truth.length == 0) throw new IllegalArgumentException(target + ": no rows to score");
    int n = truth.length;
    double mean = 0;
    for (double t : truth) mean += t;
    mean /= n;
    double abs = 0, sq = 0, tot = 0, max = 0;
    for (int i = 0; i < n; i++) {
      double e = predicted[i] - truth[i];
      abs += Math.abs(e);
      sq += e * e;
      max = Math.max(max, Math.abs(e));
      double d = truth[i] - mean;
      tot += d * d;
    }
    // R² of a constant truth is undefined; report 1 for a perfect fit and -inf otherwise.
    double r2 = tot > 0 ? 1 - sq / tot : (sq == 0 ? 1 : Double.NEGATIVE_INFINITY);
    return new RegressionMetrics(target, n, abs / n, Math.sqrt(sq / n), r2, max);
  }
}
