package io.kakehashi.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.workflow.ReportSection;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      Path file = new HtmlReport(f.store(), f.store().run(out.runId()).orElseThrow()).write(dir.resolve("r.html"));
      String html = Files.readString(file);
      assertTrue(html.contains("<h1>report-demo"), "title");
      assertTrue(html.contains(">simulate</text>") && html.contains("3 points"), "the DAG names steps and point counts");
      assertTrue(html.contains("<td>simulate</td><td>in-process</td><td>3</td><td>3</td>"), "step table row");
      assertTrue(html.contains("<h3>Parity &lt;held-out&gt;</h3><svg"), "chart with its escaped title");
      assertTrue(html.contains("<h3>Error</h3><svg"), "histogram");
      assertTrue(html.contains("<h3>Top candidates</h3>") && html.contains("<td>-0.0123</td>"), "table section");
      assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "user strings are escaped");
      assertFalse(html.contains("<script>alert(1)</script>"));
      assertFalse(html.contains("http://") && html.contains("<script src"), "no network needed to view");
      assertEquals(1, html.split("<h2>train</h2>").length - 1);
    }
  }
}
