package io.kakehashi.report;

import static io.kakehashi.report.HtmlReport.esc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the sections steps publish with {@link io.kakehashi.workflow.ReportSection}. */
final class Sections {
  private Sections() {}

  static String render(Map<?, ?> m) {
    String kind = String.valueOf(m.get("kind"));
    String title = String.valueOf(m.get("title"));
    StringBuilder h = new StringBuilder("<div class=\"section\">");
    try {
      // Charts draw text as glyph outlines: their titles go in the HTML, where they are searchable.
      if (kind.equals("scatter") || kind.equals("lines") || kind.equals("histogram")) {
        h.append("<h3>").append(esc(title)).append("</h3>");
        title = "";
      }
      switch (kind) {
        case "scatter" -> h.append(Charts.scatter(title, str(m, "xLabel"), str(m, "yLabel"), doubles(m.get("x")),
            doubles(m.get("y")), m.get("sigma") == null ? null : doubles(m.get("sigma")), Boolean.TRUE.equals(m.get("diagonal"))));
        case "lines" -> {
          Map<String, double[]> series = new LinkedHashMap<>();
          ((Map<?, ?>) m.get("series")).forEach((k, v) -> series.put(String.valueOf(k), doubles(v)));
          h.append(Charts.lines(title, str(m, "xLabel"), str(m, "yLabel"), doubles(m.get("x")), series));
        }
        case "histogram" -> h.append(Charts.histogram(title, str(m, "xLabel"), doubles(m.get("values")),
            ((Number) m.get("bins")).intValue()));
        case "table" -> {
          h.append("<h3>").append(esc(title)).append("</h3><table><tr>");
          for (Object c : (List<?>) m.get("columns")) h.append("<th>").append(esc(String.valueOf(c))).append("</th>");
          h.append("</tr>");
          for (Object row : (List<?>) m.get("rows")) {
            h.append("<tr>");
            for (Object cell : (List<?>) row) h.append("<td>").append(esc(cell(cell))).append("</td>");
            h.append("</tr>");
          }
          h.append("</table>");
        }
        case "metrics" -> {
          h.append("<h3>").append(esc(title)).append("</h3><table class=\"kv\">");
          ((Map<?, ?>) m.get("values")).forEach((k, v) -> h.append("<tr><th>").append(esc(String.valueOf(k)))
              .append("</th><td>").append(esc(cell(v))).append("</td></tr>"));
          h.append("</table>");
        }
        case "text" -> h.append("<h3>").append(esc(title)).append("</h3><pre>").append(esc(str(m, "body"))).append("</pre>");
        default -> h.append("<p>unknown report section kind '").append(esc(kind)).append("'</p>");
      }
    } catch (RuntimeException e) {
      // A malformed section must not cost the rest of the report.
      h.append("<p>section '").append(esc(title)).append("' could not be drawn: ").append(esc(e.toString())).append("</p>");
    }
    return h.append("</div>").toString();
  }

  private static String str(Map<?, ?> m, String k) {
    Object v = m.get(k);
    return v == null ? "" : v.toString();
  }

  static String cell(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d != 0 && (Math.abs(d) < 1e-3 || Math.abs(d) >= 1e7)) return String.format(Locale.ROOT, "%.4g", d);
      return String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return String.valueOf(v);
  }

  static double[] doubles(Object o) {
    if (o instanceof double[] d) return d;
    List<?> l = (List<?>) o;
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      // JSON has no NaN: the store writes a missing point as the string "NaN", which charts leave out.
      Object v = l.get(i);
      out[i] = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
    }
    return out;
  }
}
