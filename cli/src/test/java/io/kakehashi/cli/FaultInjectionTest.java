package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.EngineLock;
import io.kakehashi.event.RunState;
import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine is killed with SIGKILL at 20 moments drawn from a fixed seed, half of them in its
 * start (JVM, store, planning, re-attaching), half while points run and end; each time it is
 * resumed, and at last it runs to the end. The
 * result must be the same as an undisturbed run's, no point may run again after its success was
 * recorded, every attempt stays in the history, and no staging directory is left. About 1-2
 * minutes on two idle cores (most of it JVM starts), longer on a loaded machine.
 */
class FaultInjectionTest {
  private static final int KILLS = 20;
  private static final int POINTS = 96;
  @TempDir Path dir;

  private Process engine(String... args) throws Exception {
    return ChildEngine.start(dir, true, args);
  }

  private String runId() {
    if (!Files.exists(dir.resolve("home/runs.db"))) return null;
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      return store.runs().isEmpty() ? null : store.runs().get(0).runId();
    }
  }

  @Test
  void killedAtTwentySeededMomentsAndResumedEachTimeEndsAsIfNeverKilled() throws Exception {
    Path journal = dir.resolve("journal.txt");
    Random random = new Random(20261201L);
    int kills = 0;
    while (kills < KILLS) {
      String run = runId();
      // Killed before it recorded its run: start it again, as a user would.
      Process p = run == null
          ? engine("run", CrashCampaign.class.getName(), "-P", "journal=" + journal, "-P", "sleep=1",
              "-P", "points=" + POINTS)
          : engine("resume", run);
      if (kills % 2 == 0) {
        // A moment in the engine's start, once it holds the home (a loaded machine may take
        // seconds to start a JVM): store, planning, re-attaching, first launches.
        awaitEngine(p);
        p.waitFor(random.nextInt(1500), TimeUnit.MILLISECONDS);
      } else {
        // A moment while points run and end: after 1-2 more executions, plus up to 200 ms.
        long target = lines(journal) + 1 + random.nextInt(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (lines(journal) < target && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
        p.waitFor(random.nextInt(200), TimeUnit.MILLISECONDS);
      }
      if (!p.isAlive()) fail("the run ended after " + kills + " kills; give it more points");
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no last words
      p.waitFor();
      kills++;
    }
    String run = runId();
    long doneBeforeLastResume = lines(journal);
    assertTrue(doneBeforeLastResume > 0 && doneBeforeLastResume < POINTS,
        "the kills fell while the run progressed (" + doneBeforeLastResume + " executions ended)");
    Process last = engine("resume", run);
    assertTrue(last.waitFor(600, TimeUnit.SECONDS), "the final resume did not finish");
    assertEquals(0, last.exitValue(), Files.readString(dir.resolve("engine.log")));

    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      assertEquals(1, store.runs().size(), "one run throughout");
      assertEquals(RunState.SUCCEEDED, store.run(run).orElseThrow().state());
      assertEquals((POINTS - 1L) * POINTS / 2, ((Number) store.values(run, "total").get(0).get("sum")).longValue());

      Map<Integer, Integer> succeededAttempt = new HashMap<>();
      Map<Integer, List<Integer>> attempts = new HashMap<>();
      for (AttemptRecord a : store.attempts(run)) {
        if (!a.key().step().equals("work")) continue;
        attempts.computeIfAbsent(a.key().index(), k -> new ArrayList<>()).add(a.attempt());
        if (a.state().equals("SUCCEEDED")) {
          assertEquals(null, succeededAttempt.put(a.key().index(), a.attempt()), "point " + a.key() + " succeeded twice");
        } else {
          assertTrue(a.state().equals("FAILED") && "LOST".equals(a.failure()),
              a.key() + " attempt " + a.attempt() + ": an interrupted attempt is recorded as lost, not " + a);
        }
      }
      assertEquals(POINTS, succeededAttempt.size(), "every point completed");
      assertTrue(attempts.values().stream().anyMatch(a -> a.size() > 1), "kills hit points in flight");
      attempts.forEach((point, numbers) -> {
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= numbers.size(); i++) expected.add(i);
        assertEquals(expected, numbers.stream().sorted().toList(), "point " + point + ": every attempt kept, numbered on");
      });

      Pattern attemptDir = Pattern.compile("^(\\d+) .*\\.a(\\d+)$");
      for (String line : Files.readAllLines(journal)) {
        Matcher m = attemptDir.matcher(line);
        assertTrue(m.matches(), line);
        int point = Integer.parseInt(m.group(1));
        assertTrue(Integer.parseInt(m.group(2)) <= succeededAttempt.get(point),
            "point " + point + " ran again after its success was recorded: " + line);
      }
    }
    try (var dirs = Files.list(dir.resolve("home/work/work"))) {
      assertEquals(List.of(), dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "no staging directory left");
    }
  }

  /** Until the engine {@code p} has taken the home's lock (its pid is in the lock file). */
  private void awaitEngine(Process p) throws Exception {
    Path lock = dir.resolve("home").resolve(EngineLock.FILE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (Files.exists(lock) && Files.readString(lock).startsWith(p.pid() + " ")) return;
      Thread.sleep(10);
    }
  }

  private static long lines(Path journal) throws IOException {
    return Files.exists(journal) ? Files.readAllLines(journal).size() : 0;
  }

  private static void fail(String message) {
    throw new AssertionError(message);
  }
}
