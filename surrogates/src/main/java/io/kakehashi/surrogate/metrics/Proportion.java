package io.kakehashi.surrogate.metrics;

/**
 * A fraction counted on a sample: {@code hits} of {@code n}, with the Wilson score interval that
 * says how far the fraction behind it may lie. A coverage of 19/20 or a false-accept count of
 * 0/286 is a measurement with an error bar, and a target (0.90-0.98, at most 1%) is met only
 * when the interval says so; the Wilson interval stays inside [0, 1] and is not degenerate at 0
 * or n hits, unlike the normal approximation.
 */
public record Proportion(long hits, long n) {
  /** z of a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  public Proportion {
    if (n < 0 || hits < 0 || hits > n) throw new IllegalArgumentException("a proportion needs 0 <= hits <= n, got " + hits + " of " + n);
  }

  /** The fraction {@code f} of {@code n}, rounded to whole hits. */
  public static Proportion ofFraction(double f, long n) {
    return new Proportion(Math.round(f * n), n);
  }

  public double value() {
    return n == 0 ? Double.NaN : hits / (double) n;
  }

  /** Lower end of the 95% Wilson score interval (NaN for an empty sample). */
  public double low() {
    return wilson(-1);
  }

  /** Upper end of the 95% Wilson score interval (NaN for an empty sample). */
  public double high() {
    return wilson(+1);
  }

  private double wilson(int sign) {
    if (n == 0) return Double.NaN;
    double p = value();
    double z2 = Z95 * Z95;
    double centre = p + z2 / (2.0 * n);
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return Math.min(1, Math.max(0, (centre + sign * half) / (1 + z2 / n)));
  }
}
