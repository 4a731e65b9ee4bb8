package io.kakehashi.surrogate.feature;

import io.kakehashi.surrogate.data.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The ordered, typed features a model reads. Saved with every model and checked at inference, so a
 * model is never fed columns it was not trained on, in an order it was not trained in.
 */
public record FeatureSchema(List<Feature> features) {
  /** One named input of a model. */
  public record Feature(String name, FeatureType type) {
    public Feature {
      Objects.requireNonNull(name, "feature name");
      Objects.requireNonNull(type, "feature type of '" + name + "'");
      if (name.isBlank()) throw new IllegalArgumentException("blank feature name");
    }
  }

  public FeatureSchema {
    features = List.copyOf(features);
    if (features.isEmpty()) throw new IllegalArgumentException("a feature schema needs at least one feature");
    Set<String> seen = new HashSet<>();
    for (Feature f : features) {
      if (!seen.add(f.name())) throw new IllegalArgumentException("duplicate feature '" + f.name() + "'");
    }
  }

  /** Continuous features with these names, in this order. */
  public static FeatureSchema continuous(String... names) {
    return continuous(List.of(names));
  }

  public static FeatureSchema continuous(List<String> names) {
    return new FeatureSchema(names.stream().map(n -> new Feature(n, FeatureType.CONTINUOUS)).toList());
  }

  public List<String> names() {
    return features.stream().map(Feature::name).toList();
  }

  public int size() {
    return features.size();
  }

  /**
   * Checks that {@code columns} are exactly this schema's features in this order.
   *
   * @throws SchemaMismatchException naming every missing, extra and reordered feature
   */
  public void requireSame(List<String> columns) {
    List<String> expected = names();
    if (expected.equals(columns)) return;
    List<String> missing = new ArrayList<>();
    for (String n : expected) if (!columns.contains(n)) missing.add(n);
    List<String> extra = new ArrayList<>();
    for (String n : columns) if (!expected.contains(n)) extra.add(n);
    // Compare the relative order of the features both sides have.
    List<String> commonExpected = new ArrayList<>(expected);
    commonExpected.retainAll(columns);
    List<String> commonGiven = new ArrayList<>(columns);
    commonGiven.retainAll(expected);
    List<String> reordered = new ArrayList<>();
    for (int i = 0; i < commonExpected.size(); i++) {
      if (!commonExpected.get(i).equals(commonGiven.get(i))) reordered.add(commonGiven.get(i));
    }
    throw mismatch("input columns " + columns, missing, extra, reordered);
  }

  /**
   * Checks that {@code table} has every feature (extra columns, such as ids or targets, are
   * allowed: features are read by name) and that its values fit each feature's type.
   *
   * @throws SchemaMismatchException naming missing features, or the first bad value
   */
  public void requireIn(Table table) {
    List<String> missing = new ArrayList<>();
    for (String n : names()) if (!table.hasColumn(n)) missing.add(n);
    if (!missing.isEmpty()) throw mismatch("table columns " + table.columnNames(), missing, List.of(), List.of());
    for (Feature f : features) {
      double[] col = table.column(f.name());
      for (int r = 0; r < col.length; r++) {
        if (!f.type().accepts(col[r])) {
          throw new SchemaMismatchException("feature '" + f.name() + "' is " + f.type() + " but row " + r
              + " holds " + col[r], List.of(), List.of(), List.of());
        }
      }
    }
  }

  private SchemaMismatchException mismatch(String what, List<String> missing, List<String> extra, List<String> reordered) {
    StringBuilder sb = new StringBuilder(what).append(" do not match the model's features ").append(names()).append(':');
    if (!missing.isEmpty()) sb.append(" missing ").append(missing).append(';');
    if (!extra.isEmpty()) sb.append(" extra ").append(extra).append(';');
    if (!reordered.isEmpty()) sb.append(" out of order ").append(reordered).append(';');
    sb.setLength(sb.length() - 1);
    return new SchemaMismatchException(sb.toString(), missing, extra, reordered);
  }
}
