package io.kakehashi.slurm;

import java.util.Arrays;
import java.util.List;

/**
 * The slurmrestd API versions this client speaks. Their JSON differs: v0.0.38 (Slurm 22.05) has
 * plain numbers and strings; from v0.0.40 (Slurm 23.11) numbers are {@code {set, infinite,
 * number}} objects, job states are lists and the submit environment is a list of {@code K=V}.
 */
public enum ApiVersion {
  V0_0_38("v0.0.38"),
  V0_0_40("v0.0.40"),
  V0_0_41("v0.0.41"),
  V0_0_42("v0.0.42");

  private final String id;

  ApiVersion(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Whether this version uses the newer structured JSON (v0.0.40 and later). */
  boolean structured() {
    return this != V0_0_38;
  }

  /**
   * Whether {@code GET /jobs/state/?job_id=...} exists: the states of a list of jobs in one light
   * request (v0.0.40 and later). v0.0.38 can only list every job or read one job at a time.
   */
  boolean hasJobStateList() {
    return this != V0_0_38;
  }

  /** Newest first: the order in which a client probes a server. */
  static List<ApiVersion> newestFirst() {
    List<ApiVersion> all = Arrays.asList(values().clone());
    java.util.Collections.reverse(all);
    return all;
  }

  public static ApiVersion parse(String text) {
    for (ApiVersion v : values()) {
      if (v.id.equals(text) || v.id.equals("v" + text)) return v;
    }
    throw new IllegalArgumentException("unsupported slurmrestd API version '" + text
        + "' (supported: v0.0.38, v0.0.40, v0.0.41, v0.0.42)");
  }

  @Override
  public String toString() {
    return id;
  }
}
