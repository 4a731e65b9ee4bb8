package io.kakehashi.surrogate.feature;

import io.kakehashi.surrogate.data.Table;
import java.util.Arrays;
import java.util.List;

/**
 * The box of feature values a model was trained on: per-feature minimum and maximum over the
 * training rows. A model's answer outside this box is an extrapolation, whatever its ensemble
 * spread says.
 */
public record Domain(List<String> features, double[] min, double[] max) {
  public Domain {
    features = List.copyOf(features);
    min = min.clone();
    max = max.clone();
    if (min.length != features.size() || max.length != features.size()) {
      throw new IllegalArgumentException("domain of " + features + " has " + min.length + " minima, " + max.length + " maxima");
    }
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
    return o instanceof Domain d && features.equals(d.features) && Arrays.equals(min, d.min) && Arrays.equals(max, d.max);
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
