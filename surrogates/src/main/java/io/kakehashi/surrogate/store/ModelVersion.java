package io.kakehashi.surrogate.store;

import java.util.Objects;
import java.util.regex.Pattern;

/** A model name and its version number in a {@link ModelStore}; printed as {@code name@vN}. */
public record ModelVersion(String name, int version) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public ModelVersion {
    requireValidName(name);
    if (version <= 0) throw new IllegalArgumentException("model version must be >= 1, got " + version);
  }

  /** Model names become directory names: letters, digits, '.', '_' and '-', starting with a letter or digit. */
  public static String requireValidName(String name) {
    Objects.requireNonNull(name, "model name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid model name '" + name + "': use letters, digits, '.', '_', '-'");
    }
    return name;
  }

  /** {@code name@vN}, the label values and reports carry as provenance. */
  public String label() {
    return name + "@v" + version;
  }

  @Override
  public String toString() {
    return label();
  }
}
