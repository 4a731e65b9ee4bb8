package io.kakehashi.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.cli.Main;
import io.kakehashi.event.RunState;
import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.PointRecord;
import io.kakehashi.store.RunStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign's own crash test: its JVM is killed with SIGKILL as soon as a LAMMPS batch of the
 * first active-learning round has finished, with the round's other batch still running or
 * queued; resume then completes the campaign, and no batch that had finished is relaxed again.
 */
class AlloyScreeningCrashTest {
  static final String RELAX = "al1-relax";

  @TempDir Path dir;

  @Test
  void killedInAnActiveLearningRoundThenResumedReRunsNoFinishedBatch() throws Exception {
    Path home = dir.resolve("home");
    Path db = home.resolve("runs.db");
    // The round's ten picks in four batches of up to three on two cores: two run while two wait.
    Process engine = startEngine(home, "-P", "batch=3");
    Map<Integer, Instant> finishedBeforeKill = waitForAFinishedBatch(engine, db);
    engine.destroyForcibly(); // SIGKILL: no shutdown hook, LAMMPS children left orphaned
    engine.waitFor();
    Instant killedAt = Instant.now();
    String runId;
    try (RunStore store = RunStore.open(db)) {
      runId = store.runs().get(0).runId();
      assertEquals(RunState.RUNNING, store.run(runId).orElseThrow().state(), "a killed run still reads as running");
    }

    assertEquals(0, Main.execute("resume", runId, "--home", home.toString(), "-C", "local.cores=2"));

    try (RunStore store = RunStore.open(db)) {
      assertEquals(RunState.SUCCEEDED, store.run(runId).orElseThrow().state());
      Map<Integer, List<AttemptRecord>> byBatch = new HashMap<>();
      for (AttemptRecord a : store.attempts(runId)) {
        if (a.key().step().equals(RELAX)) byBatch.computeIfAbsent(a.key().index(), i -> new ArrayList<>()).add(a);
      }
      assertEquals(4, byBatch.size(), "every batch of the round has attempts: " + byBatch.keySet());
      for (var e : byBatch.entrySet()) {
        assertTrue(e.getValue().stream().noneMatch(a -> a.state().equals("RUNNING")),
            "the attempt the kill interrupted is recorded as ended: " + e.getValue());
        long succeeded = e.getValue().stream().filter(a -> a.state().equals("SUCCEEDED")).count();
        assertEquals(1, succeeded, "batch " + e.getKey() + " succeeded once: " + e.getValue());
      }
      assertTrue(byBatch.values().stream().flatMap(List::stream)
          .anyMatch(a -> a.started() != null && a.started().isAfter(killedAt)), "resume relaxed the batches left over");
      for (var e : finishedBeforeKill.entrySet()) {
        List<AttemptRecord> attempts = byBatch.get(e.getKey());
        assertEquals(1, attempts.size(), "batch " + e.getKey() + " finished before the kill and ran again: " + attempts);
        assertTrue(attempts.get(0).ended().isBefore(killedAt));
      }
    }
    AlloyScreeningEndToEndTest.assertCampaignOutputs(home);
  }

  private Process startEngine(Path home, String... params) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // The child needs the module openings Spark needs and the ND4J options, as surefire gave this JVM.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-Dorg.bytedeco")) cmd.add(arg);
    }
    cmd.addAll(List.of("-Xmx2g", "-cp", classPath(), Main.class.getName(), "run", "alloy-screening"));
    cmd.addAll(AlloyScreeningEndToEndTest.with(List.of(params)));
    cmd.addAll(List.of("--home", home.toString(), "-C", "local.cores=2"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("engine.log").toFile()).start();
  }

  /** Polls the store (WAL: readers do not block the engine) until a relax point has succeeded. */
  private Map<Integer, Instant> waitForAFinishedBatch(Process engine, Path db) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (true) {
      assertTrue(engine.isAlive(), "the campaign ended before it could be killed: " + log());
      assertTrue(System.nanoTime() < deadline, "no LAMMPS batch of the round finished in 300 s: " + log());
      if (Files.exists(db)) {
        try (RunStore store = RunStore.open(db)) {
          if (!store.runs().isEmpty()) {
            Map<Integer, Instant> done = new HashMap<>();
            for (PointRecord p : store.points(store.runs().get(0).runId())) {
              if (p.key().step().equals(RELAX) && p.state().equals("SUCCEEDED")) done.put(p.key().index(), p.ended());
            }
            if (!done.isEmpty()) return done;
          }
        }
      }
      Thread.sleep(50);
    }
  }

  private String log() throws Exception {
    return Files.readString(dir.resolve("engine.log"));
  }

  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null ? cp : System.getProperty("java.class.path");
  }
}
