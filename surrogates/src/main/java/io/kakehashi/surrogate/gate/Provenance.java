package io.kakehashi.surrogate.gate;

import java.util.Objects;

/**
 * Where a value came from: the real simulation, or a surrogate model (named with its version,
 * e.g. {@code alloy-mix@v3}). Results, the run store and the report carry it next to every value.
 */
public record Provenance(Source source, String model) {
  public enum Source { SIMULATION, SURROGATE }

  private static final Provenance SIMULATION = new Provenance(Source.SIMULATION, null);

  public Provenance {
    Objects.requireNonNull(source, "source");
    if (source == Source.SURROGATE && (model == null || model.isBlank())) {
      throw new IllegalArgumentException("a surrogate value must name its model version");
    }
    if (source == Source.SIMULATION && model != null) {
      throw new IllegalArgumentException("a simulated value names no model, got " + model);
    }
  }

  public static Provenance simulation() {
    return SIMULATION;
  }

  public static Provenance surrogate(String modelVersion) {
    return new Provenance(Source.SURROGATE, modelVersion);
  }
}
