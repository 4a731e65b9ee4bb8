package io.kakehashi.surrogate.feature;

import java.util.Arrays;
import java.util.List;

/**
 * Maps each column to zero mean and unit variance: {@code z = (x - mean) / scale}. Fitted on
 * training rows only and saved with the model, so inference applies exactly the training
 * transform. A constant column gets scale 1 (it carries no information, and dividing by zero
 * would turn it into NaN).
 */
public record Standardizer(List<String> columns, double[] mean, double[] scale) {
  public Standardizer {
    columns = List.copyOf(columns);
    mean = mean.clone();
    scale = scale.clone();
    if (mean.length != columns.size() || scale.length != columns.size()) {
      throw new IllegalArgumentException("standardizer for " + columns + " has " + mean.length + " means and "
          + scale.length + " scales");
    }
  }

  public int width() {
    return mean.length;
  }

  /** Standardizes a row-major block of {@code rows x width()} values in place. */
  public void apply(float[] rowMajor, int rows) {
    int w = width();
    for (int c = 0; c < w; c++) {
      double m = mean[c];
      double s = scale[c];
      for (int i = c, r = 0; r < rows; r++, i += w) rowMajor[i] = (float) ((rowMajor[i] - m) / s);
    }
  }

  /** The original-unit value of standardized value {@code z} of column {@code c}. */
  public double invert(int c, double z) {
    return z * scale[c] + mean[c];
  }

  /** The original-unit size of a standardized spread {@code z} of column {@code c}. */
  public double invertScale(int c, double z) {
    return z * scale[c];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardizer s && columns.equals(s.columns) && Arrays.equals(mean, s.mean)
        && Arrays.equals(scale, s.scale);
  }

  @Override
  public int hashCode() {
    return columns.hashCode() * 31 + Arrays.hashCode(mean) * 17 + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "Standardizer" + columns + " mean=" + Arrays.toString(mean) + " scale=" + Arrays.toString(scale);
  }
}
