package io.kakehashi.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign as a scientist writes it: a class (or a single {@code .java} file given to
 * {@code kakehashi run}) that builds a workflow from named parameters ({@code -P key=value}).
 * It must have a public no-argument constructor.
 */
public interface Campaign {
  /**
   * The workflow for the parameters the user gave (those left out take their defaults). Read them
   * with {@link CampaignParameters#of(Map, List)} over {@link #parameters()}.
   */
  Workflow define(Map<String, String> parameters);

  /** The short name a bundled campaign is run by ({@code kakehashi run NAME}). */
  default String campaignName() {
    return getClass().getName();
  }

  /**
   * The parameters this campaign understands, declared once: the command line lists them
   * ({@code kakehashi run CAMPAIGN --help}), checks values against them before {@link #define},
   * and records every effective value of a run.
   */
  default List<Parameter> parameters() {
    return List.of();
  }

  /** Each parameter's default, in declaration order; a campaign without declarations may list them here. */
  default Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Parameter p : parameters()) m.put(p.name(), p.defaultValue());
    return m;
  }
}
