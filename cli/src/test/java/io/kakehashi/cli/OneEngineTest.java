package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users do around a running engine: resume it again, start another run in its home, ask for
 * its status, kill it, cancel it after its pid has gone to somebody else.
 */
class OneEngineTest {
  @TempDir Path dir;

  private CliRun kakehashi(String... args) {
    return CliRun.of(dir.resolve("home"), args);
  }

  private Process engine(String... args) throws Exception {
    return ChildEngine.start(dir, false, args);
  }

  private void awaitLines(Process p, Path journal, long lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.exists(journal) || Files.readAllLines(journal).size() < lines) {
      assertTrue(p.isAlive(), "engine ended early: " + Files.readString(dir.resolve("engine.log")));
      assertTrue(System.nanoTime() < deadline, "no progress");
      Thread.sleep(20);
    }
  }

  private String onlyRun() {
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      assertEquals(1, store.runs().size());
      return store.runs().get(0).runId();
    }
  }

  @Test
  void aRunningRunCannotBeDrivenTwiceAndAKilledOneIsShownInterruptedAndNeverSignalled() throws Exception {
    Path journal = dir.resolve("journal.txt");
    Process p = engine("run", CrashCampaign.class.getName(), "-P", "journal=" + journal, "-P", "sleep=0.5");
    try {
      awaitLines(p, journal, 2);
      String runId = onlyRun();

      CliRun resume = kakehashi("resume", runId);
      assertEquals(Main.BAD_INPUT, resume.code(), resume.err());
      assertTrue(resume.err().contains("run " + runId + " is still running") && resume.err().contains("pid " + p.pid()),
          resume.err());
      CliRun second = kakehashi("run", CrashCampaign.class.getName(), "-P", "journal=" + dir.resolve("other.txt"));
      assertEquals(Main.BAD_INPUT, second.code(), second.err());
      assertTrue(second.err().contains("run " + runId + " is running in home") && second.err().contains("pid " + p.pid()),
          second.err());
      assertFalse(Files.exists(dir.resolve("other.txt")), "the second run started nothing");
      assertEquals(1, kakehashi("runs").out().lines().count() - 1, "the second run recorded nothing");
      assertTrue(kakehashi("status", runId).out().contains("state running"));

      p.destroyForcibly(); // kill -9: the lock goes with the process, its record stays
      p.waitFor();
      assertTrue(Files.readString(dir.resolve("home/engine.lock")).contains(runId), "the record outlives the process");
      assertTrue(kakehashi("status", runId).out().contains("state interrupted"));
      assertTrue(kakehashi("runs").out().contains("interrupted"));
      CliRun cancel = kakehashi("cancel", runId);
      assertEquals(Main.BAD_INPUT, cancel.code());
      assertTrue(cancel.err().contains("run " + runId + " is not running") && cancel.err().contains("resume"),
          cancel.err());

      Process resumed = engine("resume", runId);
      assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "resume did not finish");
      assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("engine.log")));
      try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
        long succeeded = store.attempts(runId).stream()
            .filter(a -> a.key().step().equals("work") && a.state().equals("SUCCEEDED"))
            .map(AttemptRecord::key).distinct().count();
        assertEquals(48, succeeded);
      }
      assertTrue(kakehashi("status", runId).out().contains("state succeeded"));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void cancelNeverSignalsAProcessThatMerelyInheritedAStalePid() throws Exception {
    Path journal = dir.resolve("journal.txt");
    Process p = engine("run", CrashCampaign.class.getName(), "-P", "journal=" + journal, "-P", "sleep=0");
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String runId = onlyRun();
    Process stranger = new ProcessBuilder("sleep", "30").start();
    try {
      // A record as an engine killed long ago would have left it, its pid now the stranger's.
      Files.writeString(dir.resolve("home/engine.lock"), stranger.pid() + " 1000 " + runId + "\n");
      CliRun cancel = kakehashi("cancel", runId);
      assertEquals(Main.BAD_INPUT, cancel.code());
      assertTrue(cancel.err().contains("is not running"), cancel.err());
      assertFalse(stranger.waitFor(1, TimeUnit.SECONDS), "the stranger was not signalled");
    } finally {
      stranger.destroy();
    }
  }
}
