package io.kakehashi.surrogate.model;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.ColumnStats;
import io.kakehashi.surrogate.feature.Standardizer;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;

/**
 * A linear model of each target in the features' original units: target t is
 * {@code intercept[t] + sum over k of coefficients[t][k] * x_k}. An ensemble trained with
 * {@link EnsembleConfig#withLinearBaseline} has one: its members learn the residual of the
 * targets over it, and its mean adds it back, so that the networks spend their capacity on what
 * is not linear (for an alloy's mixing energy in cluster-expansion-like descriptors, a few
 * meV/atom out of hundreds).
 *
 * <p>Fitted as a ridge regression on the standardized features, where one ridge means the same
 * for every feature, then stated in original units once: a prediction costs one dot product per
 * row and target on the raw features, and with a cluster expansion's correlations as features
 * the coefficients read as its effective interactions.
 *
 * @param features the features, in the order of each target's coefficients
 * @param targets the targets, in the order of {@code intercept} and {@code coefficients}
 */
public record LinearBaseline(List<String> features, List<String> targets, double[] intercept, double[][] coefficients) {
  /**
   * Where the residuals' standardized spread stops: below a millionth of the target's spread a
   * residual is round-off of the accumulators and of float features, not something to learn.
   */
  private static final double RESIDUAL_FLOOR = 1e-6;

  public LinearBaseline {
    features = List.copyOf(features);
    targets = List.copyOf(targets);
    intercept = intercept.clone();
    if (intercept.length != targets.size() || coefficients.length != targets.size()) {
      throw new IllegalArgumentException("linear baseline of " + targets + " has " + intercept.length + " intercepts and "
          + coefficients.length + " rows of coefficients");
    }
    double[][] copy = new double[coefficients.length][];
    for (int t = 0; t < copy.length; t++) {
      if (coefficients[t].length != features.size()) {
        throw new IllegalArgumentException("linear baseline of '" + targets.get(t) + "' has " + coefficients[t].length
            + " coefficients for " + features.size() + " features");
      }
      copy[t] = coefficients[t].clone();
    }
    coefficients = copy;
  }

  /** A copy: the baseline is a value. */
  @Override
  public double[] intercept() {
    return intercept.clone();
  }

  /** A copy, one row of coefficients per target. */
  @Override
  public double[][] coefficients() {
    double[][] copy = new double[coefficients.length][];
    for (int t = 0; t < copy.length; t++) copy[t] = coefficients[t].clone();
    return copy;
  }

  /** The baseline and the standardizer of the targets' residuals over it, both from the training rows. */
  record Fit(LinearBaseline baseline, Standardizer residuals) {}

  /**
   * Fits each target to the standardized features by least squares with an intercept and
   * {@code ridge} (relative to the features' unit variance) on the other coefficients.
   *
   * @param rows statistics of the training rows over the features, then the targets
   */
  static Fit fit(ColumnStats rows, List<String> features, List<String> targets, double ridge) {
    int d = features.size();
    Standardizer s = rows.standardizer();
    double[][] cov = rows.covariance();
    double[][] corr = rows.correlation();
    // With z = (x - mean) / scale centred on these rows, the intercept is the target's mean and
    // the coefficients solve (C + ridge I) beta = c, C the features' correlation and c their
    // covariance with the target. A constant feature (scale 1, no variance) gets beta 0. The
    // streamed co-moments are symmetric only up to round-off; Cholesky wants them exactly so.
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        corr[i][j] = corr[j][i] = (corr[i][j] + corr[j][i]) / 2;
        a[i][j] = a[j][i] = corr[i][j] + (i == j ? ridge : 0);
      }
    }
    DecompositionSolver solver = new CholeskyDecomposition(new Array2DRowRealMatrix(a, false),
        CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD, 0).getSolver();
    int n = targets.size();
    double[] intercept = new double[n];
    double[][] coefficients = new double[n][d];
    double[] residualScale = new double[n];
    for (int t = 0; t < n; t++) {
      int y = d + t;
      double[] c = new double[d];
      for (int k = 0; k < d; k++) c[k] = (cov[k][y] + cov[y][k]) / 2 / s.scale()[k];
      double[] beta = solver.solve(new ArrayRealVector(c, false)).toArray();
      // The residuals' variance follows from the same accumulators, var(y - beta z) =
      // var y - 2 beta.c + beta'C beta, so training takes no extra pass over a source that may be
      // read from disk; the subtraction loses about 1e-16 of var y, far below anything a network
      // could learn. Their mean is 0: the intercept is the target's mean on the same rows.
      double explained = 0;
      for (int k = 0; k < d; k++) {
        explained += 2 * beta[k] * c[k];
        for (int j = 0; j < d; j++) explained -= beta[k] * corr[k][j] * beta[j];
      }
      residualScale[t] = Math.max(Math.sqrt(Math.max(0, cov[y][y] - explained)), RESIDUAL_FLOOR * s.scale()[y]);
      intercept[t] = s.mean()[y];
      for (int k = 0; k < d; k++) {
        coefficients[t][k] = beta[k] / s.scale()[k];
        intercept[t] -= coefficients[t][k] * s.mean()[k];
      }
    }
    return new Fit(new LinearBaseline(features, targets, intercept, coefficients),
        new Standardizer(targets, new double[n], residualScale));
  }

  /**
   * Target {@code target} of the row whose feature k is {@code x[at + k * step]} (original
   * units): training and prediction both call this, so the residual the members learn is exactly
   * what prediction adds back.
   */
  double predict(int target, float[] x, int at, int step) {
    double[] w = coefficients[target];
    double sum = intercept[target];
    for (int k = 0; k < w.length; k++) sum += w[k] * x[at + k * step];
    return sum;
  }

  /**
   * Target {@code target} of every row of {@code table}, from the baseline alone: what the model
   * would predict without its members, to show how much they add.
   */
  public double[] predict(Table table, String target) {
    int t = targets.indexOf(target);
    if (t < 0) throw new IllegalArgumentException("the linear baseline predicts " + targets + ", not '" + target + "'");
    double[] out = new double[table.rowCount()];
    Arrays.fill(out, intercept[t]);
    for (int k = 0; k < features.size(); k++) {
      double[] x = table.column(features.get(k));
      double w = coefficients[t][k];
      for (int r = 0; r < out.length; r++) out[r] += w * x[r];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearBaseline b && features.equals(b.features) && targets.equals(b.targets)
        && Arrays.equals(intercept, b.intercept) && Arrays.deepEquals(coefficients, b.coefficients);
  }

  @Override
  public int hashCode() {
    return (features.hashCode() * 31 + targets.hashCode()) * 31 + Arrays.hashCode(intercept) * 17
        + Arrays.deepHashCode(coefficients);
  }

  @Override
  public String toString() {
    return "LinearBaseline" + targets + " on " + features + " intercept=" + Arrays.toString(intercept)
        + " coefficients=" + Arrays.deepToString(coefficients);
  }
}
