package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One array per sweep (the gather window) and a poll that asks only about our own jobs, against
 * the real Slurm 22.05 on loopback.
 */
@ExtendWith(LocalSlurm.class)
class SlurmGatherAndPollTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  private static String run() {
    return "run-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Every request the client sent (method and path with query) and the body it got back. */
  record Exchange(String request, String body) {}

  static final class Recorder implements Interceptor {
    final List<Exchange> seen = new CopyOnWriteArrayList<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
      Response r = chain.proceed(chain.request());
      String body = r.peekBody(64L << 20).string();
      String url = chain.request().url().encodedPath()
          + (chain.request().url().encodedQuery() == null ? "" : "?" + chain.request().url().encodedQuery());
      seen.add(new Exchange(chain.request().method() + " " + url, body));
      return r;
    }
  }

  static SlurmExecutor executor(LocalSlurm.Cluster slurm, Map<String, String> extra, Interceptor observer) {
    SlurmConfig c = slurm.config(extra);
    SlurmClient client = SlurmClient.builder(c.url()).user("root").tokens(TokenSource.command(c.tokenCommand()))
        .apiVersion(slurm.api()).retries(3, Duration.ofMillis(200)).observe(observer).build();
    return new SlurmExecutor(c, client, Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"));
  }

  /** Submits {@code n} held jobs named {@code name} with sbatch (slurmctld RPC, not the REST client). */
  static List<Long> submitHeld(LocalSlurm.Cluster slurm, String name, int n) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ProcessBuilder pb = new ProcessBuilder("sbatch", "--hold", "--parsable", "-J", name, "-o", "/dev/null",
          "--time=1", "--wrap", "true").redirectErrorStream(true);
      pb.environment().put("SLURM_CONF", slurm.slurmConf().toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "sbatch failed: " + out);
      ids.add(Long.parseLong(out.split(";")[0]));
    }
    return ids;
  }

  @Test
  void pointsOfOneStepHandedOverOneByOneWithinTheWindowGoOutAsExactlyOneArray(LocalSlurm.Cluster slurm)
      throws Exception {
    String runId = run();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) tasks.add(Points.command(dir, runId, "gathered", i, Resources.DEFAULT, "/bin/true"));
    Points.Recorder rec = new Points.Recorder(tasks.size());
    try (SlurmExecutor ex = slurm.executor(Map.of("gather-window", "1500ms", "points-per-task", "1"))) {
      // As the engine does when each point's upstream point ends at its own time.
      for (Task t : tasks) {
        ex.submit(List.of(t), rec);
        Thread.sleep(200);
      }
      rec.await(WAIT).values().forEach(r -> assertTrue(r.succeeded(), r.message()));
      assertEquals(1L, ex.statistics().get("slurm.jobs.submitted"), ex.statistics().toString());
      assertEquals(6L, ex.statistics().get("slurm.array.elements"));
      Set<String> arrays = new TreeSet<>();
      rec.ids.values().forEach(id -> arrays.add(id.split("_")[0]));
      assertEquals(1, arrays.size(), "one array for the sweep: " + rec.ids);
    }
  }

  @Test
  void gatherWindowZeroSubmitsEachHandOverAtOnce(LocalSlurm.Cluster slurm) throws Exception {
    String runId = run();
    Points.Recorder rec = new Points.Recorder(2);
    try (SlurmExecutor ex = slurm.executor(Map.of("gather-window", "0"))) {
      ex.submit(List.of(Points.command(dir, runId, "eager", 0, Resources.DEFAULT, "/bin/true")), rec);
      assertEquals(1L, ex.statistics().get("slurm.jobs.submitted"), "submitted in the caller's thread");
      ex.submit(List.of(Points.command(dir, runId, "eager", 1, Resources.DEFAULT, "/bin/true")), rec);
      rec.await(WAIT).values().forEach(r -> assertTrue(r.succeeded(), r.message()));
      assertEquals(2L, ex.statistics().get("slurm.jobs.submitted"));
    }
  }

  @Test
  void pointCancelledWhileGatheredNeverReachesSlurm(LocalSlurm.Cluster slurm) throws Exception {
    Task t = Points.command(dir, run(), "held-back", 0, Resources.DEFAULT, "/bin/true");
    Points.Recorder rec = new Points.Recorder(1);
    try (SlurmExecutor ex = slurm.executor(Map.of("gather-window", "30s"))) {
      ex.submit(List.of(t), rec);
      ex.cancel(List.of(t));
      TaskResult r = rec.await(Duration.ofSeconds(5)).get(t);
      assertEquals(FailureKind.CANCELLED, r.failure(), r.message());
      assertEquals(0L, ex.statistics().get("slurm.jobs.submitted"));
    }
  }

  @Test
  void pollAsksOnlyAboutOurOwnJobsWhileUnrelatedJobsWait(LocalSlurm.Cluster slurm) throws Exception {
    String other = "unrelated-" + UUID.randomUUID().toString().substring(0, 6);
    List<Long> unrelated = submitHeld(slurm, other, 5);
    Recorder wire = new Recorder();
    String runId = run();
    try (SlurmExecutor ex = executor(slurm, Map.of("poll-interval", "300ms", "max-poll-interval", "300ms"), wire)) {
      List<Task> tasks = List.of(
          Points.command(dir, runId, "ours", 0, Resources.DEFAULT, "/bin/sleep", "2"),
          Points.command(dir, runId, "ours", 1, Resources.DEFAULT, "/bin/sleep", "2"));
      Points.Recorder rec = new Points.Recorder(2);
      ex.submit(tasks, rec);
      rec.await(WAIT).values().forEach(r -> assertTrue(r.succeeded(), r.message()));
      String ours = rec.ids.get(tasks.get(0)).split("_")[0];
      List<Exchange> polls = wire.seen.stream().filter(e -> e.request().startsWith("GET ")).toList();
      assertTrue(polls.size() >= 2, "the executor polled: " + wire.seen);
      for (Exchange e : polls) {
        assertTrue(e.request().endsWith("/job/" + ours) || e.request().contains("/jobs/state/?job_id=" + ours),
            "a poll asked about something else than our array " + ours + ": " + e.request());
        assertFalse(e.body().contains(other), "a poll brought back unrelated jobs: " + e.request());
      }
      // The old way, for contrast: the whole list carries the unrelated jobs.
      try (SlurmClient client = slurm.client()) {
        assertTrue(client.jobs().stream().anyMatch(j -> j.name().equals(other)));
      }
    } finally {
      try (SlurmClient client = slurm.client()) {
        for (long id : unrelated) client.cancel(Long.toString(id));
      }
    }
  }
}
