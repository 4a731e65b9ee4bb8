package io.kakehashi.surrogate.active;

import io.kakehashi.surrogate.data.RowHash;
import io.kakehashi.surrogate.model.Prediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How an active-learning round ranks candidates for simulation, from the ensemble's prediction of
 * one target. Higher scores are simulated first.
 */
@FunctionalInterface
public interface Acquisition {
  /** One score per candidate row for target {@code target} of {@code p}. */
  double[] scores(Prediction p, int target);

  /** Highest uncertainty first: learns the whole function where the ensemble knows least. */
  static Acquisition maxUncertainty() {
    return (p, t) -> {
      double[] s = new double[p.rowCount()];
      for (int r = 0; r < s.length; r++) s[r] = p.std(r, t);
      return s;
    };
  }

  /**
   * Lowest {@code mean - kappa * std} first: looks for the minimum (the most stable alloy), trading
   * the best expected value against exploring where the model is unsure. {@code kappa} of 1-3 is usual.
   */
  static Acquisition lowerConfidenceBound(double kappa) {
    if (!(kappa >= 0)) throw new IllegalArgumentException("kappa must be >= 0, got " + kappa);
    return (p, t) -> {
      double[] s = new double[p.rowCount()];
      for (int r = 0; r < s.length; r++) s[r] = -(p.mean(r, t) - kappa * p.std(r, t));
      return s;
    };
  }

  /** Highest {@code mean + kappa * std} first: the same trade-off when looking for a maximum. */
  static Acquisition upperConfidenceBound(double kappa) {
    if (!(kappa >= 0)) throw new IllegalArgumentException("kappa must be >= 0, got " + kappa);
    return (p, t) -> {
      double[] s = new double[p.rowCount()];
      for (int r = 0; r < s.length; r++) s[r] = p.mean(r, t) + kappa * p.std(r, t);
      return s;
    };
  }

  /** A seeded random order, ignoring the model: the baseline the others must beat. */
  static Acquisition random(long seed) {
    return (p, t) -> {
      double[] s = new double[p.rowCount()];
      for (int r = 0; r < s.length; r++) s[r] = RowHash.uniform(r, seed);
      return s;
    };
  }

  /**
   * The {@code k} best-scoring candidates whose {@code taken} flag is false, best first (ties go
   * to the lower row number, so a pick is reproducible).
   */
  default int[] pick(Prediction p, String target, int k, boolean[] taken) {
    double[] s = scores(p, p.targetIndex(target));
    List<Integer> free = new ArrayList<>();
    for (int r = 0; r < s.length; r++) if (!taken[r] && !Double.isNaN(s[r])) free.add(r);
    free.sort(Comparator.<Integer>comparingDouble(r -> -s[r]).thenComparingInt(r -> r));
    return free.stream().limit(Math.max(0, k)).mapToInt(Integer::intValue).toArray();
  }
}
