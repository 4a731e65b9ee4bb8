package io.kakehashi.slurm;

import java.util.Arrays;
import java.util.List;

/**
 * The slurmrestd API versions this client speaks. Their JSON differs: v0.0.38 (Slurm 22.05) has
 * plain numbers and strings; from v0.0.40 (Slurm 23.11) numbers are {@code {set, infinite,
 * number}} objects, job states are lists and the submit environment is a list of {@code K=V}.
 * v0.0.43-45 (Slurm 25.05-26.05; 26.05 serves v0.0.42-45) keep that dialect for everything this
 * client sends and reads, checked against a live 26.05.5; v0.0.45's ping has {@code responding}
 * instead of {@code pinged}.
 */
public enum ApiVersion {
  V0_0_38("v0.0.38"),
  V0_0_40("v0.0.40"),
  V0_0_41("v0.0.41"),
  V0_0_42("v0.0.42"),
  V0_0_43("v0.0.43"),
  V0_0_44("v0.0.44"),
  V0_0_45("v0.0.45");

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
        + "' (supported: " + supported() + ")");
  }

  /** The versions this client speaks, oldest first, as {@code v0.0.38, v0.0.40, ...}. */
  static String supported() {
    return String.join(", ", Arrays.stream(values()).map(ApiVersion::id).toList());
  }

  @Override
  public String toString() {
    return id;
  }
}
