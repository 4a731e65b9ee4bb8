package io.kakehashi.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.workflow.ReportSection;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report is parsed as HTML (jsoup) and checked by its structure, not by the strings it is written with. */
class HtmlReportTest {
  @TempDir Path dir;

  @Test
  void showsStepsTimelineAndTheSectionsStepsPublishedWithUserTextEscaped() throws Exception {
    Workflow wf = Workflow.builder("report-demo")
        .step(Step.function("simulate", ctx -> ctx.value("y", ctx.params().getInt("x") * 2))
            .sweep(Sweep.over("x", List.of(1, 2, 3))))
        .step(Step.function("train", ctx -> {
              ctx.value("report.parity", ReportSection.scatter("Parity <held-out>", "LAMMPS", "surrogate",
                  new double[] {1, 2, 3}, new double[] {1.1, 1.9, 3.05}, new double[] {0.1, 0.1, 0.2}, true));
              ctx.value("report.errors", ReportSection.histogram("Error", "meV/atom", new double[] {-1, 0, 0.5, 1}, 4));
              ctx.value("report.top", ReportSection.table("Top candidates", List.of("id", "E_mix"),
                  List.of(List.of(17, -0.0123), List.of("<script>alert(1)</script>", 0.5))));
            })
            .after("simulate"))
        .build();
    try (var f = TestEngines.create(dir)) {
      RunOutcome out = f.engine().run(wf, "test", Map.of("seed", "7"));
      Path file = new HtmlReport(f.store(), f.store().run(out.runId()).orElseThrow()).write(dir.resolve("r.html"));
      Document doc = Jsoup.parse(file.toFile(), StandardCharsets.UTF_8.name());

      Element h1 = doc.selectFirst("h1");
      assertNotNull(h1, "title");
      assertEquals("report-demo", h1.ownText().strip());
      assertEquals("run " + out.runId(), h1.selectFirst("small").text());
      assertEquals("succeeded", doc.selectFirst("p.state").text());

      Map<String, String> header = keyValues(doc.selectFirst("table.kv"));
      assertEquals("test", header.get("campaign"));
      assertEquals("{seed=7}", header.get("parameters"), "the parameters line shows the run's parameters");
      assertTrue(header.containsKey("started") && header.containsKey("last activity"), header.toString());

      assertEquals(List.of("Workflow", "Timeline", "Steps", "train"), doc.select("h2").eachText(),
          "one section per part, and one per step that published report sections (simulate published none)");

      Element dag = heading(doc, "Workflow").nextElementSibling();
      assertEquals("svg", dag.tagName(), "the DAG is drawn");
      List<String> dagText = dag.select("text").eachText();
      assertTrue(dagText.containsAll(List.of("simulate", "train", "3 points", "1 point")), dagText.toString());
      Element timeline = heading(doc, "Timeline").nextElementSibling();
      assertEquals("svg", timeline.tagName(), "the timeline is drawn");
      assertTrue(timeline.select("text").eachText().containsAll(List.of("simulate", "train")));

      Element steps = heading(doc, "Steps").nextElementSibling();
      assertEquals("table", steps.tagName());
      assertEquals(List.of("step", "executor", "points", "succeeded", "cached", "failed", "skipped", "attempts"),
          steps.select("tr").first().select("th").eachText().subList(0, 8));
      Elements stepRows = steps.select("tr:has(td)");
      assertEquals(2, stepRows.size(), "one row per step");
      assertEquals(List.of("simulate", "in-process", "3", "3", "0", "0", "0", "3"),
          stepRows.get(0).select("td").eachText().subList(0, 8));
      assertEquals(List.of("train", "in-process", "1", "1", "0", "0", "0", "1"),
          stepRows.get(1).select("td").eachText().subList(0, 8));

      Element train = doc.getElementById("step-train");
      assertNotNull(train);
      Elements sections = train.nextElementSibling().select("div.section");
      assertEquals(List.of("Error", "Parity <held-out>", "Top candidates"), sections.select("h3").eachText(),
          "the sections in key order, titles as the step wrote them");
      for (Element chart : sections.subList(0, 2)) {
        Element svg = chart.selectFirst("svg");
        assertNotNull(svg, "chart " + chart.selectFirst("h3").text());
        assertFalse(svg.select("path").isEmpty(), "the chart draws something");
      }
      Element table = sections.get(2).selectFirst("table");
      assertEquals(List.of("id", "E_mix"), table.select("th").eachText());
      Elements rows = table.select("tr:has(td)");
      assertEquals(2, rows.size());
      assertEquals(List.of("17", "-0.0123"), rows.get(0).select("td").eachText());
      assertEquals(List.of("<script>alert(1)</script>", "0.5"), rows.get(1).select("td").eachText(),
          "user text is shown as text");

      assertTrue(doc.select("script").isEmpty(), "user strings are escaped: no script element");
      assertTrue(doc.select("[src], link[href]").isEmpty(), "self-contained: nothing loaded from elsewhere");
    }
  }

  private static Element heading(Document doc, String text) {
    for (Element h2 : doc.select("h2")) if (h2.text().equals(text)) return h2;
    throw new AssertionError("no section '" + text + "'");
  }

  /** A two-column table's rows, header cell to value. */
  private static Map<String, String> keyValues(Element table) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Element tr : table.select("tr")) m.put(tr.selectFirst("th").text(), tr.selectFirst("td").text());
    return m;
  }
}
