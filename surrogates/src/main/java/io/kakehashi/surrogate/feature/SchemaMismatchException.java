package io.kakehashi.surrogate.feature;

import java.util.List;

/** Input whose features do not match a model's {@link FeatureSchema}; the message names each difference. */
public final class SchemaMismatchException extends IllegalArgumentException {
  private final List<String> missing;
  private final List<String> extra;
  private final List<String> reordered;

  SchemaMismatchException(String message, List<String> missing, List<String> extra, List<String> reordered) {
    super(message);
    this.missing = List.copyOf(missing);
    this.extra = List.copyOf(extra);
    this.reordered = List.copyOf(reordered);
  }

  /** Features the schema has and the input lacks. */
  public List<String> missing() {
    return missing;
  }

  /** Features the input has and the schema does not. */
  public List<String> extra() {
    return extra;
  }

  /** Features present in both but at a different position. */
  public List<String> reordered() {
    return reordered;
  }
}
