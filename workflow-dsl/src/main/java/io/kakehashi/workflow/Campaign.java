package io.kakehashi.workflow;

import java.util.Map;

/**
 * A campaign as a scientist writes it: a class (or a single {@code .java} file given to
 * {@code kakehashi run}) that builds a workflow from named parameters ({@code -P key=value}).
 * It must have a public no-argument constructor.
 */
public interface Campaign {
  Workflow define(Map<String, String> parameters);

  /** The short name a bundled campaign is run by ({@code kakehashi run NAME}). */
  default String campaignName() {
    return getClass().getName();
  }

  /** The parameters this campaign understands, with their defaults, for {@code --help}-style listings. */
  default Map<String, String> defaults() {
    return Map.of();
  }
}
