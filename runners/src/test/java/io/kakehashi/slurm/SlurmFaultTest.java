package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Submits across Slurm faults (issue 16) on the real Slurm 22.05: an outage of slurmrestd, an expired token. */
@ExtendWith(LocalSlurm.class)
class SlurmFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir Path dir;

  private static String run() {
    return "run-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static long arraysOf(LocalSlurm.Cluster slurm, String runId) {
    try (SlurmClient client = slurm.client()) {
      return client.jobs().stream().filter(j -> j.comment().startsWith("kakehashi:" + runId + ":"))
          .map(JobInfo::arrayJobId).distinct().count();
    }
  }

  @Test
  void sweepHandedOverWhileSlurmrestdIsDownIsSubmittedOnceWhenItComesBack(LocalSlurm.Cluster slurm) throws Exception {
    String runId = run();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) tasks.add(Points.command(dir, runId, "outage", i, Resources.DEFAULT, "/bin/sleep", "5"));
    Points.Recorder rec = new Points.Recorder(tasks.size());
    try (SlurmExecutor ex = slurm.executor(Map.of("gather-window", "200ms", "retries", "2"))) {
      ex.client().apiVersion();
      slurm.stop("slurmrestd");
      try {
        ex.submit(tasks, rec);
        Thread.sleep(6000);
        assertTrue(rec.results.isEmpty(), "an outage of seconds is no reason to fail points: " + rec.results);
      } finally {
        slurm.run("start");
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (rec.ids.size() < tasks.size()) {
        assertTrue(System.nanoTime() < deadline, "not submitted after the outage: " + rec.results);
        Thread.sleep(200);
      }
      // Counted while the points still run (slurmctld forgets ended jobs after MinJobAge).
      assertEquals(1L, arraysOf(slurm, runId), "exactly one array reached Slurm");
      rec.await(WAIT).values().forEach(r -> assertTrue(r.succeeded(), r.message()));
      assertEquals(1L, ex.statistics().get("slurm.jobs.submitted"), ex.statistics().toString());
    }
  }

  @Test
  void expiredTokenOnSubmitIsRefreshedAndTheSubmitSucceeds(LocalSlurm.Cluster slurm) throws Exception {
    // A token that lives 2 s, from the cluster's own token command.
    ProcessBuilder pb = new ProcessBuilder(slurm.tokenCommand()).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("KAKEHASHI_SLURM_TOKEN_LIFESPAN", "2");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "token command failed");
    Secret shortLived = Secret.of(out.substring(out.lastIndexOf("SLURM_JWT=") + "SLURM_JWT=".length()).strip());
    Thread.sleep(4000);
    SlurmConfig c = slurm.config(Map.of("gather-window", "0"));
    SlurmClient client = SlurmClient.builder(c.url()).user("root")
        .tokens(TokenSource.of(shortLived, c.tokenCommand())).apiVersion(slurm.api()).build();
    Task t = Points.command(dir, run(), "token", 0, Resources.DEFAULT, "/bin/true");
    Points.Recorder rec = new Points.Recorder(1);
    try (SlurmExecutor ex = new SlurmExecutor(c, client, Map.of("PATH", "/usr/bin:/bin"))) {
      ex.submit(List.of(t), rec);
      assertNull(rec.results.get(t), "the submit went through: " + rec.results.get(t));
      TaskResult r = rec.await(WAIT).get(t);
      assertTrue(r.succeeded(), r.message());
      assertEquals(1L, ex.statistics().get("slurm.jobs.submitted"));
    }
  }
}
