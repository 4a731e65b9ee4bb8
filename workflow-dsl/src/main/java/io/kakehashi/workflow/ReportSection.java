package io.kakehashi.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sections a step adds to the run's report. A step records one as a value whose key starts with
 * {@code report.} ({@code ctx.value("report.parity", ReportSection.scatter(...))}); the report
 * renders it with the step's other results. Values are plain maps so they live in the run store.
 */
public final class ReportSection {
  /** The kind of {@link #speedup} sections, which the report completes from the run's own timings. */
  public static final String SPEEDUP = "speedup";

  private ReportSection() {}

  /** Points y against x; {@code diagonal} draws y = x (parity plots). {@code sigma} may be null. */
  public static Map<String, Object> scatter(String title, String xLabel, String yLabel, double[] x, double[] y,
                                            double[] sigma, boolean diagonal) {
    Map<String, Object> m = base("scatter", title);
    m.put("xLabel", xLabel);
    m.put("yLabel", yLabel);
    m.put("x", x);
    m.put("y", y);
    if (sigma != null) m.put("sigma", sigma);
    m.put("diagonal", diagonal);
    return m;
  }

  /** Several named series of y against a shared x (learning curves). */
  public static Map<String, Object> lines(String title, String xLabel, String yLabel, double[] x,
                                          Map<String, double[]> series) {
    Map<String, Object> m = base("lines", title);
    m.put("xLabel", xLabel);
    m.put("yLabel", yLabel);
    m.put("x", x);
    m.put("series", new LinkedHashMap<>(series));
    return m;
  }

  public static Map<String, Object> histogram(String title, String xLabel, double[] values, int bins) {
    Map<String, Object> m = base("histogram", title);
    m.put("xLabel", xLabel);
    m.put("values", values);
    m.put("bins", bins);
    return m;
  }

  public static Map<String, Object> table(String title, List<String> columns, List<List<Object>> rows) {
    Map<String, Object> m = base("table", title);
    m.put("columns", columns);
    m.put("rows", rows);
    return m;
  }

  /** Named figures, shown as a two-column table. */
  public static Map<String, Object> metrics(String title, Map<String, ?> values) {
    Map<String, Object> m = base("metrics", title);
    m.put("values", new LinkedHashMap<>(values));
    return m;
  }

  public static Map<String, Object> text(String title, String body) {
    Map<String, Object> m = base("text", title);
    m.put("body", body);
    return m;
  }

  /**
   * The speedup of a surrogate step over the simulation step it replaces. Holds only what the step
   * knows (which steps, how many candidates each handled, how many predictions the gate accepted);
   * the report adds the timings from the run store's attempts, and LAMMPS run by hand from
   * {@code byHandStep}'s values when that is not null.
   */
  public static Map<String, Object> speedup(String title, String simulationStep, long simulated, String surrogateStep,
                                            long screened, long accepted, String byHandStep) {
    Map<String, Object> m = base(SPEEDUP, title);
    m.put("simulationStep", simulationStep);
    m.put("simulated", simulated);
    m.put("surrogateStep", surrogateStep);
    m.put("screened", screened);
    m.put("accepted", accepted);
    m.put("byHandStep", byHandStep);
    return m;
  }

  private static Map<String, Object> base(String kind, String title) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("title", title);
    return m;
  }
}
