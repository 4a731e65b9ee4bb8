package io.kakehashi.campaigns.alloy.screen;

import io.kakehashi.surrogate.metrics.RegressionMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A linear least-squares model on the descriptor vector: the baseline that shows how much of the
 * mixing energy the descriptors determine, and a working surrogate before a neural one.
 * Fitted on standardised columns with a small ridge term ({@value #RIDGE} per row): the
 * descriptors are collinear by construction (each species' neighbour-count histogram sums to its
 * fraction, and the pair fractions are weighted sums of the histograms), and a small campaign
 * may have fewer relaxations than its 55 descriptors; the ridge makes the fit defined in both.
 */
public record LinearModel(List<String> featureNames, double[] weights, double intercept) implements Screening.BlockModel {
  public LinearModel {
    featureNames = List.copyOf(featureNames);
    weights = weights.clone();
    if (weights.length != featureNames.size()) {
      throw new IllegalArgumentException(weights.length + " weights for " + featureNames.size() + " features");
    }
  }

  /** Ridge term per fitted row, on standardised columns. */
  public static final double RIDGE = 1e-6;

  /** Fits the rows of {@code table} for which {@code use[row]} is true. */
  public static LinearModel fit(TrainingTable table, boolean[] use) {
    int f = table.featureNames().size();
    int p = f + 1;
    double[] mean = new double[f];
    double[] scale = new double[f];
    int n = 0;
    for (int r = 0; r < table.rows(); r++) {
      if (!use[r]) continue;
      n++;
      for (int c = 0; c < f; c++) mean[c] += table.features()[r * f + c];
    }
    if (n < 2) throw new IllegalArgumentException("need at least 2 rows to fit a linear model, got " + n);
    for (int c = 0; c < f; c++) mean[c] /= n;
    for (int r = 0; r < table.rows(); r++) {
      if (!use[r]) continue;
      for (int c = 0; c < f; c++) {
        double d = table.features()[r * f + c] - mean[c];
        scale[c] += d * d;
      }
    }
    for (int c = 0; c < f; c++) scale[c] = scale[c] > 0 ? Math.sqrt(scale[c] / n) : 1;
    double[] ata = new double[p * p];
    double[] aty = new double[p];
    double[] row = new double[p];
    for (int r = 0; r < table.rows(); r++) {
      if (!use[r]) continue;
      for (int c = 0; c < f; c++) row[c] = (table.features()[r * f + c] - mean[c]) / scale[c];
      row[f] = 1;
      for (int i = 0; i < p; i++) {
        aty[i] += row[i] * table.target()[r];
        for (int j = 0; j <= i; j++) ata[i * p + j] += row[i] * row[j];
      }
    }
    for (int i = 0; i < f; i++) ata[i * p + i] += RIDGE * n;
    double[] beta = choleskySolve(ata, aty, p);
    double[] w = new double[f];
    double b = beta[f];
    for (int c = 0; c < f; c++) {
      w[c] = beta[c] / scale[c];
      b -= w[c] * mean[c];
    }
    return new LinearModel(table.featureNames(), w, b);
  }

  /** Solves the symmetric positive-definite system whose lower triangle is in {@code a}. */
  private static double[] choleskySolve(double[] a, double[] b, int p) {
    double[] l = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * p + j];
        for (int k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
        if (i == j) {
          if (s <= 0) throw new IllegalArgumentException("least-squares system is singular at column " + i);
          l[i * p + i] = Math.sqrt(s);
        } else {
          l[i * p + j] = s / l[j * p + j];
        }
      }
    }
    double[] z = new double[p];
    for (int i = 0; i < p; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) s -= l[i * p + k] * z[k];
      z[i] = s / l[i * p + i];
    }
    double[] x = new double[p];
    for (int i = p - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
      x[i] = s / l[i * p + i];
    }
    return x;
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public void predict(float[] features, int stride, int rows, double[] out) {
    if (features.length < weights.length * stride) {
      throw new IllegalArgumentException("a block of " + weights.length + " features x " + stride + " rows needs "
          + weights.length * stride + " values, got " + features.length);
    }
    Arrays.fill(out, 0, rows, intercept);
    for (int c = 0; c < weights.length; c++) {
      double w = weights[c];
      for (int r = 0, i = c * stride; r < rows; r++, i++) out[r] += w * features[i];
    }
  }

  /** Rows of a row-major block in full precision, for the fit's own evaluation. */
  void predict(double[] features, int rows, int columns, double[] out) {
    if (columns != weights.length) throw new IllegalArgumentException(columns + " columns, model has " + weights.length);
    for (int r = 0; r < rows; r++) {
      double s = intercept;
      for (int c = 0, o = r * columns; c < columns; c++) s += weights[c] * features[o + c];
      out[r] = s;
    }
  }

  /** Error of the model on the rows of {@code table} selected by {@code use}, in the target's unit. */
  public RegressionMetrics evaluate(TrainingTable table, boolean[] use) {
    double[] predicted = new double[table.rows()];
    predict(table.features(), table.rows(), weights.length, predicted);
    int n = 0;
    for (boolean u : use) n += u ? 1 : 0;
    double[] truth = new double[n];
    double[] selected = new double[n];
    for (int r = 0, k = 0; r < table.rows(); r++) {
      if (!use[r]) continue;
      truth[k] = table.target()[r];
      selected[k++] = predicted[r];
    }
    return RegressionMetrics.of("mixing_energy", truth, selected);
  }

  /** Writes the model as text: one {@code name weight} line per feature, then {@code intercept}. */
  public void save(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("# linear model of mixing_energy (eV/atom)\n");
    for (int c = 0; c < weights.length; c++) sb.append(featureNames.get(c)).append(' ').append(weights[c]).append('\n');
    sb.append("intercept ").append(intercept).append('\n');
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** Reads a model written by {@link #save}; errors name the file and line. */
  public static LinearModel load(Path file) throws IOException {
    List<String> names = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    Double intercept = null;
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] f = line.split("\\s+");
      double v;
      try {
        if (f.length != 2) throw new NumberFormatException();
        v = Double.parseDouble(f[1]);
      } catch (NumberFormatException e) {
        throw new IOException(file + ":" + (i + 1) + ": expected 'name number', got '" + line + "'");
      }
      if (f[0].equals("intercept")) {
        intercept = v;
      } else {
        names.add(f[0]);
        w.add(v);
      }
    }
    if (intercept == null) throw new IOException(file + ": no intercept line");
    return new LinearModel(names, w.stream().mapToDouble(Double::doubleValue).toArray(), intercept);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "LinearModel[%d features, intercept %.6g]", weights.length, intercept);
  }

  @Override
  public String name() {
    return "linear-least-squares";
  }
}
