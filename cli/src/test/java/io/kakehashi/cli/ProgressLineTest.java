package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.event.Event;
import io.kakehashi.event.RunState;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PlannedPoint;
import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.Params;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void namesTheStepsThatAreRunning() {
    try (ProgressLine line = new ProgressLine(out, false)) {
      line.onEvents(List.of(planned("relax", 3), planned("train", 1),
          new Event.PointStarted("r", Instant.now(), new PointKey("relax", 0), 1),
          new Event.PointStarted("r", Instant.now(), new PointKey("relax", 1), 1)));

      assertTrue(text().contains("0/4 done (0 cached)  2 running (relax 00:00)  0 failed"), text());
    }
  }

  @Test
  void keepsPrintingWhileOneLongStepRuns() throws Exception {
    try (ProgressLine line = new ProgressLine(out, true)) {
      line.onEvents(List.of(planned("train", 1), new Event.PointStarted("r", Instant.now(), new PointKey("train", 0), 1)));
      String first = text();

      Thread.sleep(2_300); // the terminal clock ticks every second

      assertTrue(text().length() > first.length(), "reprinted while no event came: " + text());
      assertTrue(text().matches("(?s).*\\[00:0[1-3]\\] 0/1 done \\(0 cached\\)  1 running \\(train 00:0[1-3]\\).*"), text());
    }
  }

  @Test
  void theEtaCountsDownAndGoesOnceALongStepOutlastsIt() throws Exception {
    try (ProgressLine line = new ProgressLine(out, true)) {
      line.onEvents(List.of(planned("relax", 3), started(0)));
      Thread.sleep(1_000);
      Instant now = Instant.now();
      line.onEvents(List.of(new Event.PointSucceeded("r", now, new PointKey("relax", 0), 1, "local", "fp", null,
          List.of(), Map.of(), TaskResult.success(now, now, now, null), true)));
      Thread.sleep(250);
      line.onEvents(List.of(started(1))); // a new event prints at once (the line prints at most every 0.2 s)

      assertTrue(lastLine().matches(".*ETA 00:0[23]$"), "one point in 1 s, two left: " + lastLine());

      Thread.sleep(3_500); // no point ends: the 2 s estimate runs out

      assertTrue(lastLine().contains("1 running (relax 00:0") && !lastLine().contains("ETA"), "outlasted: " + lastLine());
    }
  }

  @Test
  void aLongPointThatReportsProgressShowsHowFarItIsAndTheTimeLeft() throws Exception {
    try (ProgressLine line = new ProgressLine(out, true)) {
      PointKey screen = new PointKey("screen", 0);
      line.onEvents(List.of(planned("screen", 1), new Event.PointStarted("r", Instant.now(), screen, 1)));
      Thread.sleep(1_000);
      line.onEvents(List.of(new Event.PointProgress("r", Instant.now(), screen, 0.25)));
      Thread.sleep(1_100); // the clock reprints

      assertTrue(lastLine().matches(".*1 running \\(screen 00:0[1-3], 25%, 00:0[3-9] left\\).*"), "a quarter in 2 s: " + lastLine());
    }
  }

  private static Event started(int index) {
    return new Event.PointStarted("r", Instant.now(), new PointKey("relax", index), 1);
  }

  @Test
  void stopsAtTheEndOfTheRun() throws Exception {
    ProgressLine line = new ProgressLine(out, true);
    line.onEvents(List.of(planned("train", 1),
        new Event.RunFinished("r", Instant.now(), RunState.SUCCEEDED, Map.of())));
    String atEnd = text();

    Thread.sleep(1_500);

    assertTrue(text().equals(atEnd), "nothing after the run finished: " + text());
  }

  private String lastLine() {
    String[] lines = text().split("\r");
    return lines[lines.length - 1].replace("\033[K", "").trim();
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Event planned(String step, int points) {
    List<PlannedPoint> p = new ArrayList<>();
    for (int i = 0; i < points; i++) p.add(new PlannedPoint(new PointKey(step, i), Params.of(Map.of()), "fp", Map.of(), Map.of()));
    return new Event.StepPlanned("r", Instant.now(), step, p, List.of());
  }
}
