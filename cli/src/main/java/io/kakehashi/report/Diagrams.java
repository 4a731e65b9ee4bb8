package io.kakehashi.report;

import static io.kakehashi.report.HtmlReport.esc;

import io.kakehashi.store.AttemptRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The DAG and the timeline, drawn as plain SVG. */
final class Diagrams {
  private Diagrams() {}

  /** Steps in rows by depth (longest path from a source), arrows from upstream down to downstream. */
  static String dag(Map<String, List<String>> dag, Map<String, HtmlReport.StepStats> stats) {
    if (dag.isEmpty()) return "<p>(no DAG recorded)</p>";
    if (dag.size() > 200) return "<p>" + dag.size() + " steps: too many to draw.</p>";
    Map<String, Integer> depth = new HashMap<>();
    for (Map.Entry<String, List<String>> e : dag.entrySet()) { // topological order
      int d = 0;
      for (String u : e.getValue()) d = Math.max(d, depth.getOrDefault(u, 0) + 1);
      depth.put(e.getKey(), d);
    }
    Map<Integer, List<String>> layers = new HashMap<>();
    for (String s : dag.keySet()) layers.computeIfAbsent(depth.get(s), k -> new ArrayList<>()).add(s);
    int boxW = 170;
    int boxH = 40;
    int gapX = 24;
    int gapY = 26;
    int widest = layers.values().stream().mapToInt(List::size).max().orElse(1);
    int width = widest * (boxW + gapX) + 20;
    int height = layers.size() * (boxH + gapY) + 20;
    Map<String, int[]> pos = new HashMap<>();
    layers.forEach((layer, names) -> {
      int offset = (width - names.size() * (boxW + gapX)) / 2; // centre each layer
      for (int i = 0; i < names.size(); i++) {
        pos.put(names.get(i), new int[] {offset + i * (boxW + gapX), 10 + layer * (boxH + gapY)});
      }
    });
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", width, height));
    s.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#888\"/></marker></defs>");
    dag.forEach((step, ups) -> {
      int[] to = pos.get(step);
      for (String u : ups) {
        int[] from = pos.get(u);
        if (from == null) continue;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\" marker-end=\"url(#arrow)\"/>",
            from[0] + boxW / 2, from[1] + boxH, to[0] + boxW / 2, to[1]));
      }
    });
    dag.keySet().forEach(step -> {
      int[] p = pos.get(step);
      HtmlReport.StepStats st = stats.get(step);
      String fill = color(st);
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" stroke=\"#555\"/>",
          p[0], p[1], boxW, boxH, fill));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">%s</text>",
          p[0] + boxW / 2, p[1] + 17, esc(step.length() > 24 ? step.substring(0, 23) + "…" : step)));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#444\" text-anchor=\"middle\">%s</text>",
          p[0] + boxW / 2, p[1] + 33, st == null ? "" : st.points() + (st.points() == 1 ? " point" : " points")));
    });
    return s.append("</svg>").toString();
  }

  private static String color(HtmlReport.StepStats st) {
    if (st == null || st.points() == 0) return "#eeeeee";
    if (st.states().getOrDefault("FAILED", 0) > 0) return "#ffcdd2";
    int done = st.states().getOrDefault("SUCCEEDED", 0) + st.states().getOrDefault("CACHED", 0);
    if (done == st.points()) return st.states().getOrDefault("SUCCEEDED", 0) == 0 ? "#e3f2fd" : "#c8e6c9";
    return "#fff9c4";
  }

  /** One row per step; a bar per attempt (queue wait light, run time dark), or the step's span when there are many. */
  static String timeline(Map<String, HtmlReport.StepStats> stats, List<AttemptRecord> attempts, Instant runStart) {
    Instant t0 = runStart;
    Instant t1 = runStart.plusSeconds(1);
    for (AttemptRecord a : attempts) {
      if (a.submitted() != null && a.submitted().isBefore(t0)) t0 = a.submitted();
      if (a.ended() != null && a.ended().isAfter(t1)) t1 = a.ended();
    }
    double span = Math.max(1, Duration.between(t0, t1).toMillis());
    int labelW = 180;
    int plotW = 900;
    int rowH = 22;
    List<String> steps = new ArrayList<>(stats.keySet());
    Map<String, Integer> row = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) row.put(steps.get(i), i);
    int height = steps.size() * rowH + 40;
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        // Room on the right for the last axis label, which is centred on the plot's end.
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", labelW + plotW + 45, height));
    for (int i = 0; i < steps.size(); i++) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>",
          labelW - 8, i * rowH + 15, esc(steps.get(i))));
      if (i % 2 == 0) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\"/>",
            labelW, i * rowH, plotW, rowH));
      }
    }
    boolean perAttempt = attempts.size() <= 3000;
    if (perAttempt) {
      for (AttemptRecord a : attempts) {
        Integer r = row.get(a.key().step());
        if (r == null || a.submitted() == null) continue;
        Instant started = a.started() != null ? a.started() : a.submitted();
        Instant ended = a.ended() != null ? a.ended() : started;
        bar(s, labelW, plotW, span, t0, a.submitted(), started, r * rowH + 6, rowH - 12, "#bbdefb");
        bar(s, labelW, plotW, span, t0, started, ended, r * rowH + 4, rowH - 8,
            "SUCCEEDED".equals(a.state()) ? "#1976d2" : "FAILED".equals(a.state()) ? "#d32f2f" : "#ffa000");
      }
    } else {
      for (HtmlReport.StepStats st : stats.values()) {
        if (st.first() == null || st.last() == null) continue;
        bar(s, labelW, plotW, span, t0, st.first(), st.last(), row.get(st.step()) * rowH + 4, rowH - 8, "#1976d2");
      }
    }
    int axisY = steps.size() * rowH + 14;
    for (int k = 0; k <= 5; k++) {
      double x = labelW + plotW * k / 5.0;
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#666\" text-anchor=\"middle\">%s</text>",
          x, axisY + 12, HtmlReport.seconds(span / 1000 * k / 5)));
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, x, axisY));
    }
    s.append("<text x=\"").append(labelW).append("\" y=\"").append(height - 2)
        .append("\" font-size=\"11\" fill=\"#666\">light: waiting in queue; dark: running (blue ok, red failed)</text>");
    return s.append("</svg>").toString();
  }

  private static void bar(StringBuilder s, int labelW, int plotW, double span, Instant t0, Instant from, Instant to,
                          int y, int h, String fill) {
    double x0 = labelW + plotW * Duration.between(t0, from).toMillis() / span;
    double w = Math.max(1, plotW * Duration.between(from, to).toMillis() / span);
    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x0, y, w, h, fill));
  }
}
