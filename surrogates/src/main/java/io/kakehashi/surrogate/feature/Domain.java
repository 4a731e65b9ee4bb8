package io.kakehashi.surrogate.feature;

import io.kakehashi.surrogate.data.Table;
import java.util.Arrays;
import java.util.List;

/**
 * Where a model was trained: per-feature minimum and maximum over the training rows (a box), and
 * the precision matrix (inverse correlation, regularised) of the standardized features, for a
 * Mahalanobis distance. A model's answer outside this region is an extrapolation, whatever its
 * ensemble spread says. The box alone misses correlated features: compositions that sum to one
 * span the box's corners, and a candidate can lie inside every range yet far from every training
 * row; the distance catches that.
 *
 * @param precision inverse of (correlation + {@value #RIDGE} I); null for a model without one
 */
public record Domain(List<String> features, double[] min, double[] max, double[][] precision) {
  /** Added to the correlation's diagonal so that exactly dependent features still invert. */
  public static final double RIDGE = 1e-3;

  public Domain {
    features = List.copyOf(features);
    min = min.clone();
    max = max.clone();
    if (min.length != features.size() || max.length != features.size()) {
      throw new IllegalArgumentException("domain of " + features + " has " + min.length + " minima, " + max.length + " maxima");
    }
    if (precision != null) {
      if (precision.length != features.size()) throw new IllegalArgumentException("precision matrix is not " + features.size() + " square");
      double[][] copy = new double[precision.length][];
      for (int i = 0; i < copy.length; i++) copy[i] = precision[i].clone();
      precision = copy;
    }
  }

  /** The domain of training rows summarised by {@code stats}. */
  public static Domain of(ColumnStats stats, List<String> features) {
    double[][] a = stats.correlation();
    for (int i = 0; i < a.length; i++) a[i][i] += RIDGE;
    double[][] inverse = new org.apache.commons.math3.linear.LUDecomposition(
        new org.apache.commons.math3.linear.Array2DRowRealMatrix(a, false)).getSolver().getInverse().getData();
    return new Domain(features, stats.min(), stats.max(), inverse);
  }

  /**
   * The Mahalanobis distance of every row of {@code table} from the training rows' centre, in
   * units of their spread along each direction; {@code scaler} is the model's input standardizer.
   * Training rows mostly lie within sqrt(chi-square) of the feature count (about 4-6 for 10-20
   * features).
   */
  public double[] mahalanobis(Table table, Standardizer scaler) {
    if (precision == null) throw new IllegalStateException("this domain has no precision matrix");
    int n = table.rowCount();
    int d = features.size();
    float[] z = new float[n * d];
    table.copyRowMajor(features, 0, n, z);
    scaler.apply(z, n);
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      double sum = 0;
      for (int i = 0; i < d; i++) {
        double zi = z[r * d + i];
        double row = 0;
        for (int j = 0; j < d; j++) row += precision[i][j] * z[r * d + j];
        sum += zi * row;
      }
      out[r] = Math.sqrt(Math.max(0, sum));
    }
    return out;
  }

  /**
   * For each row of {@code table}, the index (into {@link #features}) of the first feature outside
   * the range widened by {@code margin} times its width on both sides, or -1 if the row is inside.
   */
  public int[] firstViolation(Table table, double margin) {
    if (!(margin >= 0)) throw new IllegalArgumentException("domain margin must be >= 0, got " + margin);
    int[] out = new int[table.rowCount()];
    Arrays.fill(out, -1);
    for (int f = features.size() - 1; f >= 0; f--) {
      double pad = margin * (max[f] - min[f]);
      double lo = min[f] - pad;
      double hi = max[f] + pad;
      double[] col = table.column(features.get(f));
      // Descending feature order leaves the first violating feature in out[r].
      for (int r = 0; r < col.length; r++) if (!(col[r] >= lo && col[r] <= hi)) out[r] = f;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Domain d && features.equals(d.features) && Arrays.equals(min, d.min) && Arrays.equals(max, d.max)
        && Arrays.deepEquals(precision, d.precision);
  }

  @Override
  public int hashCode() {
    return features.hashCode() * 31 + Arrays.hashCode(min) * 17 + Arrays.hashCode(max);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Domain[");
    for (int f = 0; f < features.size(); f++) {
      if (f > 0) sb.append(", ");
      sb.append(features.get(f)).append(" in [").append(min[f]).append(", ").append(max[f]).append(']');
    }
    return sb.append(']').toString();
  }
}
