package io.kakehashi.surrogate.feature;

/** What values a feature may take. All are fed to the network as doubles. */
public enum FeatureType {
  /** Any finite number. */
  CONTINUOUS,
  /** A whole number (a count, a species index). */
  INTEGER,
  /** 0 or 1. */
  BOOLEAN;

  /** Whether {@code v} is a legal value of this type. */
  public boolean accepts(double v) {
    if (!Double.isFinite(v)) return false;
    return switch (this) {
      case CONTINUOUS -> true;
      case INTEGER -> v == Math.rint(v);
      case BOOLEAN -> v == 0.0 || v == 1.0;
    };
  }
}
