package io.kakehashi.surrogate.feature;

import java.util.Arrays;
import java.util.List;

/**
 * Streaming per-column count, mean, variance (Welford's update, stable for large counts) and
 * range. Fed batch by batch during the first pass over the training data.
 */
public final class ColumnStats {
  private final List<String> columns;
  private final double[] mean;
  private final double[] m2;
  private final double[] min;
  private final double[] max;
  private final double[][] comoment;
  private long n;

  public ColumnStats(List<String> columns) {
    this.columns = List.copyOf(columns);
    int w = columns.size();
    mean = new double[w];
    m2 = new double[w];
    min = new double[w];
    max = new double[w];
    comoment = new double[w][w];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  /** Adds one row, given in column order. */
  public void add(double[] row) {
    n++;
    int w = row.length;
    double[] before = new double[w];
    for (int c = 0; c < w; c++) {
      double x = row[c];
      before[c] = x - mean[c];
      mean[c] += before[c] / n;
      m2[c] += before[c] * (x - mean[c]);
      if (x < min[c]) min[c] = x;
      if (x > max[c]) max[c] = x;
    }
    // The multivariate form of the same update: C += (x - old mean)(x - new mean)^T.
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < w; j++) comoment[i][j] += before[i] * (row[j] - mean[j]);
    }
  }

  /** The (population) covariance matrix of the columns. */
  public double[][] covariance() {
    int w = mean.length;
    double[][] out = new double[w][w];
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < w; j++) out[i][j] = comoment[i][j] / n;
    }
    return out;
  }

  /** The (population) correlation matrix of the columns: the covariance of the standardized columns. */
  public double[][] correlation() {
    Standardizer s = standardizer();
    double[][] out = covariance();
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < out.length; j++) out[i][j] /= s.scale()[i] * s.scale()[j];
    }
    return out;
  }

  public long count() {
    return n;
  }

  public double[] min() {
    return min.clone();
  }

  public double[] max() {
    return max.clone();
  }

  /** Mean and (population) standard deviation; scale 1 for a constant column. */
  public Standardizer standardizer() {
    if (n == 0) throw new IllegalStateException("no rows to fit a standardizer for " + columns);
    double[] scale = new double[mean.length];
    for (int c = 0; c < scale.length; c++) {
      double sd = Math.sqrt(m2[c] / n);
      scale[c] = sd > 1e-12 * Math.max(1.0, Math.abs(mean[c])) ? sd : 1.0;
    }
    return new Standardizer(columns, mean, scale);
  }
}
