package io.kakehashi.surrogate.model;

import java.util.List;
import java.util.Objects;

/**
 * An ensemble's answer for a batch of rows: the mean over members (plus its {@link LinearBaseline}
 * if it has one) and their (population) standard deviation times the model's calibration factor
 * ({@link TrainingInfo#spreadFactor}), per row and target, in the targets' original units.
 */
public final class Prediction {
  private final List<String> targets;
  private final int rows;
  private final double[] mean;
  private final double[] std;

  /**
   * @param mean row-major rows x targets means (taken, not copied)
   * @param std row-major rows x targets spreads (taken, not copied)
   */
  public Prediction(List<String> targets, int rows, double[] mean, double[] std) {
    if (mean.length != rows * targets.size() || std.length != rows * targets.size()) {
      throw new IllegalArgumentException(rows + " rows of " + targets.size() + " targets need " + rows * targets.size()
          + " means and spreads, got " + mean.length + " and " + std.length);
    }
    this.targets = List.copyOf(targets);
    this.rows = rows;
    this.mean = mean;
    this.std = std;
  }

  public List<String> targets() {
    return targets;
  }

  public int rowCount() {
    return rows;
  }

  public double mean(int row, int target) {
    return mean[index(row, target)];
  }

  public double std(int row, int target) {
    return std[index(row, target)];
  }

  /** Means of target {@code name}, one per row. */
  public double[] mean(String name) {
    return column(mean, targetIndex(name));
  }

  /** Standard deviations of target {@code name}, one per row. */
  public double[] std(String name) {
    return column(std, targetIndex(name));
  }

  public int targetIndex(String name) {
    int t = targets.indexOf(name);
    if (t < 0) throw new IllegalArgumentException("no target '" + name + "' (model predicts " + targets + ")");
    return t;
  }

  private int index(int row, int target) {
    Objects.checkIndex(row, rows);
    Objects.checkIndex(target, targets.size());
    return row * targets.size() + target;
  }

  private double[] column(double[] values, int t) {
    double[] out = new double[rows];
    for (int r = 0, w = targets.size(); r < rows; r++) out[r] = values[r * w + t];
    return out;
  }
}
