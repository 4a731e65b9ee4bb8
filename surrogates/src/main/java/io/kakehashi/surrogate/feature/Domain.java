package io.kakehashi.surrogate.feature;

import io.kakehashi.surrogate.data.Table;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;

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
    double[][] inverse = new LUDecomposition(new Array2DRowRealMatrix(a, false)).getSolver().getInverse().getData();
    return new Domain(features, stats.min(), stats.max(), inverse);
  }

  /**
   * The Mahalanobis distance of every row of {@code table} from the training rows' centre, in
   * units of their spread along each direction; {@code scaler} is the model's input standardizer.
   * Training rows mostly lie within sqrt(chi-square) of the feature count (about 4-6 for 10-20
   * features).
   */
  public double[] mahalanobis(Table table, Standardizer scaler) {
    int n = table.rowCount();
    float[] block = columnMajor(table);
    double[] out = new double[n];
    mahalanobis(block, Math.max(1, n), n, scaler, out);
    return out;
  }

  /**
   * {@link #mahalanobis(Table, Standardizer)} of the first {@code rows} rows of a column-major block
   * (feature c of row r at {@code block[c * stride + r]}, in {@link #features} order), into {@code out}.
   */
  public void mahalanobis(float[] block, int stride, int rows, Standardizer scaler, double[] out) {
    if (precision == null) throw new IllegalStateException("this domain has no precision matrix");
    int d = features.size();
    double[] z = new double[d];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < d; i++) z[i] = (block[i * stride + r] - scaler.mean()[i]) / scaler.scale()[i];
      double sum = 0;
      for (int i = 0; i < d; i++) {
        double row = 0;
        for (int j = 0; j < d; j++) row += precision[i][j] * z[j];
        sum += z[i] * row;
      }
      out[r] = Math.sqrt(Math.max(0, sum));
    }
  }

  /**
   * For each row of {@code table}, the index (into {@link #features}) of the first feature outside
   * the range widened by {@code margin} times its width on both sides, or -1 if the row is inside.
   */
  public int[] firstViolation(Table table, double margin) {
    int n = table.rowCount();
    int[] out = new int[n];
    firstViolation(columnMajor(table), Math.max(1, n), n, margin, out);
    return out;
  }

  /** {@link #firstViolation(Table, double)} of the first {@code rows} rows of a column-major block, into {@code out}. */
  public void firstViolation(float[] block, int stride, int rows, double margin, int[] out) {
    if (!(margin >= 0)) throw new IllegalArgumentException("domain margin must be >= 0, got " + margin);
    Arrays.fill(out, 0, rows, -1);
    for (int f = features.size() - 1; f >= 0; f--) {
      double pad = margin * (max[f] - min[f]);
      // Bounds rounded outwards to float, so that a value on the boundary stays inside after the
      // block's rounding to float.
      float lo = (float) (min[f] - pad);
      float hi = (float) (max[f] + pad);
      if (lo > min[f] - pad) lo = Math.nextDown(lo);
      if (hi < max[f] + pad) hi = Math.nextUp(hi);
      // Descending feature order leaves the first violating feature in out[r].
      for (int r = 0, i = f * stride; r < rows; r++, i++) if (!(block[i] >= lo && block[i] <= hi)) out[r] = f;
    }
  }

  private float[] columnMajor(Table table) {
    int n = table.rowCount();
    float[] block = new float[features.size() * Math.max(1, n)];
    table.copyColumnMajor(features, 0, n, block, Math.max(1, n));
    return block;
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
