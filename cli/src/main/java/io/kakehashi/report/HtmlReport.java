package io.kakehashi.report;

import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.PointRecord;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import io.kakehashi.workflow.ReportSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One self-contained HTML file per run: the DAG, a timeline, per-step times and states, queue
 * waits and executor statistics, and every section the campaign's steps published as
 * {@code report.*} values (parity plots, histograms, tables). Everything comes from the run store.
 */
public final class HtmlReport {
  private final RunStore store;
  private final RunSummary run;

  public HtmlReport(RunStore store, RunSummary run) {
    this.store = store;
    this.run = run;
  }

  /** Writes the report atomically to {@code file}. */
  public Path write(Path file) throws IOException {
    String html = render();
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".report", ".tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    // Temp files are private; a report is meant to be shared.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  record StepStats(String step, int points, Map<String, Integer> states, Instant first, Instant last,
                   double runSeconds, double queueSeconds, int attempts, String executor) {}

  String render() {
    System.setProperty("java.awt.headless", "true");
    List<PointRecord> points = store.points(run.runId());
    List<AttemptRecord> attempts = store.attempts(run.runId());
    Map<String, List<String>> dag = store.dag(run.runId());
    Map<String, StepStats> stats = stats(points, attempts, dag);

    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(run.workflow())).append(" — ").append(esc(run.runId())).append("</title>\n<style>")
        .append(CSS).append("</style></head><body>\n");
    h.append("<h1>").append(esc(run.workflow())).append(" <small>run ").append(esc(run.runId())).append("</small></h1>\n");
    Instant end = stats.values().stream().map(StepStats::last).filter(x -> x != null).max(Instant::compareTo)
        .orElse(run.updated());
    h.append("<p class=\"state ").append(run.state().name().toLowerCase(Locale.ROOT)).append("\">")
        .append(run.state().name().toLowerCase(Locale.ROOT)).append("</p>\n<table class=\"kv\">");
    kv(h, "started", run.created().toString());
    kv(h, "last activity", end.toString());
    kv(h, "campaign", run.source());
    kv(h, "parameters", run.parameters() == null ? "" : run.parameters().toString());
    run.statistics().forEach((k, v) -> kv(h, k, Long.toString(v)));
    h.append("</table>\n");

    h.append("<h2>Workflow</h2>\n").append(Diagrams.dag(dag, stats)).append('\n');
    h.append("<h2>Timeline</h2>\n").append(Diagrams.timeline(stats, attempts, run.created())).append('\n');

    h.append("<h2>Steps</h2>\n<table><tr><th>step</th><th>executor</th><th>points</th><th>succeeded</th><th>cached</th>"
        + "<th>failed</th><th>skipped</th><th>attempts</th><th>run time (sum)</th><th>per point</th>"
        + "<th>queue wait (mean)</th><th>wall span</th></tr>\n");
    for (StepStats s : stats.values()) {
      int ran = s.states().getOrDefault("SUCCEEDED", 0);
      h.append("<tr><td>").append(esc(s.step())).append("</td><td>").append(esc(s.executor() == null ? "" : s.executor()))
          .append("</td><td>").append(s.points()).append("</td><td>").append(ran).append("</td><td>")
          .append(s.states().getOrDefault("CACHED", 0)).append("</td><td>").append(s.states().getOrDefault("FAILED", 0))
          .append("</td><td>").append(s.states().getOrDefault("SKIPPED", 0)).append("</td><td>").append(s.attempts())
          .append("</td><td>").append(seconds(s.runSeconds())).append("</td><td>")
          .append(ran == 0 ? "" : seconds(s.runSeconds() / ran)).append("</td><td>")
          .append(s.attempts() == 0 ? "" : seconds(s.queueSeconds() / s.attempts())).append("</td><td>")
          .append(s.first() == null || s.last() == null ? "" : seconds(Duration.between(s.first(), s.last()).toMillis() / 1000.0))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    failures(h, points);

    for (String step : stats.keySet()) {
      List<Map<String, Object>> values = store.values(run.runId(), step);
      List<String> rendered = new ArrayList<>();
      for (Map<String, Object> v : values) {
        if (v == null) continue;
        for (Map.Entry<String, Object> e : new TreeMap<>(v).entrySet()) {
          if (e.getKey().startsWith("report.") && e.getValue() instanceof Map<?, ?> m) {
            rendered.add(ReportSection.SPEEDUP.equals(m.get("kind"))
                ? speedup(m, attempts, byHand(run.runId(), m.get("byHandStep"))) : Sections.render(m));
          }
        }
      }
      if (rendered.isEmpty()) continue;
      h.append("<h2 id=\"step-").append(esc(step)).append("\">").append(esc(step)).append("</h2>\n<div class=\"sections\">");
      for (String r : rendered) h.append(r);
      h.append("</div>\n");
    }
    h.append("<footer>Kakehashi report, written ").append(Instant.now()).append(" from ").append(esc(store.file().toString()))
        .append("</footer></body></html>\n");
    return h.toString();
  }

  /**
   * The speedup a campaign asked for, from this run's own attempt timings: the simulation step's
   * wall span (first start to last end, every core busy as the campaign ran it) and its summed
   * core time, against the surrogate step's run time, each per candidate.
   */
  /** The values of the step that ran the simulation by hand, or an empty map if the section names none. */
  private Map<String, Object> byHand(String runId, Object step) {
    if (step == null) return Map.of();
    for (Map<String, Object> v : store.values(runId, String.valueOf(step))) {
      if (v != null && v.get("wall_seconds") instanceof Number) return v;
    }
    return Map.of();
  }

  static String speedup(Map<?, ?> m, List<AttemptRecord> attempts, Map<String, Object> byHand) {
    String sim = String.valueOf(m.get("simulationStep"));
    String sur = String.valueOf(m.get("surrogateStep"));
    double simulated = ((Number) m.get("simulated")).doubleValue();
    double screened = ((Number) m.get("screened")).doubleValue();
    Instant first = null;
    Instant last = null;
    double simCoreSeconds = 0;
    double simRunSeconds = 0;
    double surSeconds = 0;
    for (AttemptRecord a : attempts) {
      if (!"SUCCEEDED".equals(a.state()) || a.started() == null || a.ended() == null) continue;
      double run = Duration.between(a.started(), a.ended()).toMillis() / 1000.0;
      if (a.key().step().equals(sim)) {
        if (first == null || a.started().isBefore(first)) first = a.started();
        if (last == null || a.ended().isAfter(last)) last = a.ended();
        simCoreSeconds += run * (a.resources() == null ? 1 : a.resources().cores());
        simRunSeconds += run;
      } else if (a.key().step().equals(sur)) {
        surSeconds += run;
      }
    }
    StringBuilder h = new StringBuilder("<div class=\"section\"><h3>").append(esc(String.valueOf(m.get("title"))))
        .append("</h3>");
    if (first == null || surSeconds == 0) {
      return h.append("<p>no timings: step '").append(esc(sim)).append("' or '").append(esc(sur))
          .append("' did not run in this run (reused from the cache?)</p></div>").toString();
    }
    double simWall = Duration.between(first, last).toMillis() / 1000.0;
    double simPer = simWall / simulated;
    double surPer = surSeconds / screened;
    boolean hand = byHand.get("wall_seconds") instanceof Number;
    double handProcesses = hand ? ((Number) byHand.get("processes")).doubleValue() : 0;
    double handCandidates = hand ? ((Number) byHand.get("candidates_per_process")).doubleValue() : 0;
    double handWall = hand ? ((Number) byHand.get("wall_seconds")).doubleValue() : 0;
    h.append("<table><tr><th></th><th>LAMMPS (").append(esc(sim)).append(")</th>");
    if (hand) h.append("<th>LAMMPS by hand (plain lmp, one per core)</th>");
    h.append("<th>surrogate (").append(esc(sur)).append(")</th></tr>");
    row(h, hand, "candidates", String.format(Locale.ROOT, "%.0f", simulated),
        String.format(Locale.ROOT, "%.0f × %.0f", handProcesses, handCandidates), String.format(Locale.ROOT, "%.0f", screened));
    row(h, hand, "wall time of the step", seconds(simWall), seconds(handWall), seconds(surSeconds));
    row(h, hand, "wall seconds per candidate", sci(simPer), sci(handWall / (handProcesses * handCandidates)), sci(surPer));
    row(h, hand, "process seconds per candidate", sci(simRunSeconds / simulated), sci(handWall / handCandidates), sci(surPer));
    row(h, hand, "core-hours run", String.format(Locale.ROOT, "%.3f", simCoreSeconds / 3600), "", "");
    h.append("</table><table class=\"kv\">");
    h.append("<tr><th>speedup per candidate (wall)</th><td><b>").append(String.format(Locale.ROOT, "%,.0f×", simPer / surPer))
        .append("</b></td></tr>");
    if (hand) {
      double handPer = handWall / (handProcesses * handCandidates);
      h.append("<tr><th>speedup per candidate against LAMMPS by hand</th><td>")
          .append(String.format(Locale.ROOT, "%,.0f×", handPer / surPer))
          .append(String.format(Locale.ROOT, " (the campaign's relax step runs at %.0f%% of by-hand speed)",
              100 * handPer / simPer)).append("</td></tr>");
    }
    if (m.get("accepted") instanceof Number acc) {
      // A prediction the gate did not accept is no answer: simulate it instead, then compare.
      double accepted = acc.doubleValue();
      double rejected = screened - accepted;
      double effective = simPer * screened / (surSeconds + simPer * rejected);
      h.append("<tr><th>accepted by the gate</th><td>").append(String.format(Locale.ROOT, "%,.0f of %,.0f (%.2f%%)",
          accepted, screened, 100 * accepted / screened)).append("</td></tr>");
      h.append("<tr><th>speedup at the gate's accuracy</th><td><b>").append(String.format(Locale.ROOT, "%,.1f×", effective))
          .append("</b> (screen time + LAMMPS for every candidate the gate did not accept, against LAMMPS for all)</td></tr>");
    }
    h.append("<tr><th>core-hours avoided</th><td>").append(String.format(Locale.ROOT, "%.1f",
        Math.max(0, screened - simulated) * simCoreSeconds / simulated / 3600))
        .append(" (screened candidates × LAMMPS core-seconds per candidate)</td></tr>");
    return h.append("</table></div>").toString();
  }

  /** A row of the speedup table; the by-hand column only where that measurement exists. */
  private static void row(StringBuilder h, boolean hand, String what, String sim, String byHand, String surrogate) {
    h.append("<tr><th>").append(esc(what)).append("</th><td>").append(esc(sim)).append("</td>");
    if (hand) h.append("<td>").append(esc(byHand)).append("</td>");
    h.append("<td>").append(esc(surrogate)).append("</td></tr>");
  }

  private static String sci(double v) {
    return String.format(Locale.ROOT, "%.3g s", v);
  }

  private void failures(StringBuilder h, List<PointRecord> points) {
    List<PointRecord> failed = points.stream().filter(p -> p.state().equals("FAILED")).toList();
    if (failed.isEmpty()) return;
    h.append("<h2>Failures</h2>\n<table><tr><th>point</th><th>parameters</th><th>message</th></tr>");
    for (PointRecord p : failed.subList(0, Math.min(200, failed.size()))) {
      h.append("<tr><td>").append(esc(p.key().toString())).append("</td><td>").append(esc(String.valueOf(p.params())))
          .append("</td><td><pre>").append(esc(p.message() == null ? "" : p.message())).append("</pre></td></tr>");
    }
    h.append("</table>\n");
  }

  private static Map<String, StepStats> stats(List<PointRecord> points, List<AttemptRecord> attempts,
                                              Map<String, List<String>> dag) {
    Map<String, List<PointRecord>> byStep = new LinkedHashMap<>();
    for (String s : dag.keySet()) byStep.put(s, new ArrayList<>());
    for (PointRecord p : points) byStep.computeIfAbsent(p.key().step(), k -> new ArrayList<>()).add(p);
    Map<String, List<AttemptRecord>> attemptsByStep = new HashMap<>();
    for (AttemptRecord a : attempts) attemptsByStep.computeIfAbsent(a.key().step(), k -> new ArrayList<>()).add(a);
    Map<String, StepStats> out = new LinkedHashMap<>();
    byStep.forEach((step, ps) -> {
      Map<String, Integer> states = new TreeMap<>();
      for (PointRecord p : ps) states.merge(p.state(), 1, Integer::sum);
      Instant first = null;
      Instant last = null;
      double run = 0;
      double queue = 0;
      String executor = null;
      List<AttemptRecord> as = attemptsByStep.getOrDefault(step, List.of());
      for (AttemptRecord a : as) {
        executor = a.executor();
        if (a.started() != null && a.ended() != null) run += Duration.between(a.started(), a.ended()).toMillis() / 1000.0;
        if (a.submitted() != null && a.started() != null) queue += Duration.between(a.submitted(), a.started()).toMillis() / 1000.0;
        if (a.submitted() != null && (first == null || a.submitted().isBefore(first))) first = a.submitted();
        if (a.ended() != null && (last == null || a.ended().isAfter(last))) last = a.ended();
      }
      out.put(step, new StepStats(step, ps.size(), states, first, last, run, queue, as.size(), executor));
    });
    return out;
  }

  private static void kv(StringBuilder h, String k, String v) {
    h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v == null ? "" : v)).append("</td></tr>");
  }

  static String seconds(double s) {
    if (s == 0) return "0 s";
    if (s < 1e-3) return String.format(Locale.ROOT, "%.1f µs", s * 1e6);
    if (s < 1) return String.format(Locale.ROOT, "%.1f ms", s * 1e3);
    if (s < 120) return String.format(Locale.ROOT, "%.2f s", s);
    return String.format(Locale.ROOT, "%.1f min", s / 60);
  }

  /** HTML-escapes user text: step names, parameters and messages come from campaigns and programs. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1300px;color:#222;padding:0 1em}
      h1 small{font-weight:normal;color:#777;font-size:.55em}
      h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
      table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
      th,td{border:1px solid #e2e2e2;padding:.25em .6em;text-align:left;vertical-align:top}
      th{background:#f6f6f6}
      table.kv th{width:14em}
      .state{display:inline-block;padding:.2em .8em;border-radius:1em;color:#fff;background:#888}
      .state.succeeded{background:#2e7d32}.state.failed{background:#c62828}.state.cancelled,.state.interrupted{background:#ef6c00}
      .sections{display:flex;flex-wrap:wrap;gap:1.5em}
      .section{flex:0 1 auto}
      .section h3{font-size:1em;margin:.3em 0}
      pre{white-space:pre-wrap;margin:0;font-size:.85em}
      footer{margin-top:3em;color:#999;font-size:.8em}
      svg text{font-family:system-ui,sans-serif}
      """;
}
