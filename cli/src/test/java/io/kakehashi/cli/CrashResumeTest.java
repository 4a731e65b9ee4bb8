package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.event.RunState;
import io.kakehashi.plan.PointKey;
import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.PointRecord;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine runs as its own JVM and is killed with SIGKILL twice mid-run; resume then completes
 * the run. Every point must complete, and no point may execute again after its success was recorded.
 */
class CrashResumeTest {
  @TempDir Path dir;

  private Process engine(String... args) throws Exception {
    return ChildEngine.start(dir, false, args);
  }

  private long journalLines(Path journal) throws Exception {
    return Files.exists(journal) ? Files.readAllLines(journal).size() : 0;
  }

  private void killAfter(Process p, Path journal, long lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (journalLines(journal) < lines) {
      assertTrue(p.isAlive(), "engine ended before it could be killed: " + Files.readString(dir.resolve("engine.log")));
      assertTrue(System.nanoTime() < deadline, "no progress");
      Thread.sleep(20);
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hook runs
    p.waitFor();
  }

  @Test
  void killedTwiceThenResumedCompletesEveryPointExactlyOnceAfterItsSuccess() throws Exception {
    Path journal = dir.resolve("journal.txt");
    killAfter(engine("run", CrashCampaign.class.getName(), "-P", "journal=" + journal), journal, 10);
    String runId;
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      runId = store.runs().get(0).runId();
    }
    killAfter(engine("resume", runId), journal, 30);
    Map<PointKey, Instant> endedBeforeResume = new HashMap<>();
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      for (PointRecord p : store.points(runId)) {
        if (p.state().equals("SUCCEEDED")) endedBeforeResume.put(p.key(), p.ended());
      }
    }
    assertTrue(endedBeforeResume.size() >= 10, "points completed before the kills");
    Process last = engine("resume", runId);
    assertTrue(last.waitFor(120, TimeUnit.SECONDS), "resume did not finish");
    assertEquals(0, last.exitValue(), Files.readString(dir.resolve("engine.log")));

    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      RunSummary run = store.run(runId).orElseThrow();
      assertEquals(RunState.SUCCEEDED, run.state());
      assertEquals(List.of(Map.of("sum", 47L * 48 / 2)), store.values(runId, "total").stream()
          .map(m -> Map.of("sum", ((Number) m.get("sum")).longValue())).toList());

      Map<Integer, Integer> succeededAttempt = new HashMap<>();
      int interrupted = 0;
      for (AttemptRecord a : store.attempts(runId)) {
        if (!a.key().step().equals("work")) continue;
        if (a.state().equals("SUCCEEDED")) {
          Integer before = succeededAttempt.put(a.key().index(), a.attempt());
          assertEquals(null, before, "point " + a.key() + " succeeded twice");
        } else {
          interrupted++;
        }
      }
      assertEquals(48, succeededAttempt.size(), "every point completed");
      assertTrue(interrupted > 0, "the kills hit points in flight");

      // History stays: a point completed before the kills is still SUCCEEDED with its own end time.
      for (PointRecord p : store.points(runId)) {
        if (endedBeforeResume.containsKey(p.key())) {
          assertEquals("SUCCEEDED", p.state(), p.key().toString());
          assertEquals(endedBeforeResume.get(p.key()), p.ended(), p.key() + " keeps its end time");
        }
      }
      // Killed attempts leave no staging directory behind (.<index>-<fp>.a<attempt>).
      try (var dirs = Files.list(dir.resolve("home/work/work"))) {
        List<String> staging = dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        assertEquals(List.of(), staging);
      }

      // The journal holds every execution that got to its end, recorded or not.
      Pattern attemptDir = Pattern.compile("^(\\d+) .*\\.a(\\d+)$");
      for (String line : Files.readAllLines(journal)) {
        Matcher m = attemptDir.matcher(line);
        assertTrue(m.matches(), line);
        int point = Integer.parseInt(m.group(1));
        int attempt = Integer.parseInt(m.group(2));
        assertTrue(attempt <= succeededAttempt.get(point),
            "point " + point + " ran attempt " + attempt + " after attempt " + succeededAttempt.get(point) + " had succeeded");
      }
    }
  }

  @Test
  void cancelStopsTheEngineAndItsProcessesRecordsItAndResumeFinishes() throws Exception {
    Path journal = dir.resolve("journal.txt");
    Process p = engine("run", CrashCampaign.class.getName(), "-P", "journal=" + journal, "-P", "sleep=1");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (journalLines(journal) < 3 && System.nanoTime() < deadline) Thread.sleep(20);
    String runId;
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      runId = store.runs().get(0).runId();
    }
    Process cancel = engine("cancel", runId);
    assertTrue(cancel.waitFor(60, TimeUnit.SECONDS));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the engine stopped");
    assertEquals(Main.STOPPED, p.exitValue());
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      assertEquals(RunState.CANCELLED, store.run(runId).orElseThrow().state());
      assertTrue(store.attempts(runId).stream().anyMatch(a -> "CANCELLED".equals(a.failure())),
          "running points were cancelled and recorded so");
    }
    Process resume = engine("resume", runId);
    assertTrue(resume.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, resume.exitValue(), Files.readString(dir.resolve("engine.log")));
    // Attempts are history: each cancelled attempt is still recorded, and its point succeeded in a later one.
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      List<AttemptRecord> attempts = store.attempts(runId);
      List<AttemptRecord> cancelled = attempts.stream().filter(a -> "CANCELLED".equals(a.failure())).toList();
      assertFalse(cancelled.isEmpty());
      for (AttemptRecord c : cancelled) {
        assertTrue(attempts.stream().anyMatch(a -> a.key().equals(c.key()) && a.attempt() > c.attempt()
            && a.state().equals("SUCCEEDED")), c.key() + " attempt " + c.attempt() + " kept, then a later one succeeded");
      }
    }
    try (var dirs = Files.list(dir.resolve("home/work/work"))) {
      assertEquals(List.of(), dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "cancelled attempts leave no staging directory");
    }
  }
}
