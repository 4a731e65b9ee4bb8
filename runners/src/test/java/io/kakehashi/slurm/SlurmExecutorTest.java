package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.ExecutorFactory;
import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Slurm executor against a real Slurm 22.05 (slurmrestd v0.0.38) started on loopback. */
@ExtendWith(LocalSlurm.class)
class SlurmExecutorTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  private static String run() {
    return "run-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Array jobs (not elements) that Slurm holds for the run, found by the executor's comment tag. */
  private static Set<Long> arrayJobsOf(SlurmClient client, String runId) {
    return client.jobs().stream().filter(j -> j.comment().startsWith("kakehashi:" + runId + ":"))
        .map(JobInfo::arrayJobId).collect(Collectors.toSet());
  }

  @Test
  void factoryIsFoundByNameAndRunsOnlyCommandsAndMpi() {
    ExecutorFactory f = ExecutorFactory.named("slurm");
    assertTrue(f instanceof SlurmExecutorFactory);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f.create(Map.of("url", "http://127.0.0.1:1", "poll-intervall", "1s")));
    assertTrue(e.getMessage().contains("slurm.poll-intervall"), e.getMessage());
    try (Executor ex = f.create(Map.of("url", "http://127.0.0.1:1", "token-command", "/bin/false"))) {
      assertTrue(ex.supports(new Action.Command(List.of("lmp"))));
      assertTrue(ex.supports(new Action.Mpi(List.of("lmp"), 2, 1)));
      assertFalse(ex.supports(new Action.Function(context -> { }, "v1")));
    }
  }

  @Test
  void unreachableSlurmFailsTheSubmissionWithAClearErrorInsteadOfHanging() throws Exception {
    Task t = Points.command(dir, run(), "nowhere", 0, Resources.DEFAULT, "/bin/true");
    Points.Recorder rec = new Points.Recorder(1);
    SlurmConfig c = SlurmConfig.from(Map.of("url", "http://127.0.0.1:9", "api-version", "v0.0.38",
        "token-command", "/bin/echo SLURM_JWT=unused", "retries", "2", "unreachable-timeout", "3s",
        "gather-window", "0"), Map.of());
    try (Executor ex = new SlurmExecutor(c, SlurmExecutorFactory.client(c, Map.of()), Map.of("PATH", "/bin"))) {
      ex.submit(List.of(t), rec);
      TaskResult r = rec.await(Duration.ofSeconds(30)).get(t);
      assertEquals(FailureKind.EXECUTOR_ERROR, r.failure());
      assertTrue(r.message().startsWith("step nowhere: POST /slurm/v0.0.38/job/submit: slurmrestd at "
          + "http://127.0.0.1:9/ unreachable"), r.message());
      assertTrue(r.message().endsWith("(unreachable for more than 3 s)"), r.message());
    }
  }

  @Test
  void findsApiVersionByAskingTheServer(LocalSlurm.Cluster slurm) {
    try (SlurmClient client = slurm.client()) {
      SlurmClient.ServerInfo info = client.ping();
      assertEquals(ApiVersion.V0_0_38, info.apiVersion());
      assertTrue(info.release().startsWith("22.05"), info.release());
      assertTrue(info.up(), info.controllers().toString());
    }
  }

  @Test
  void sweepIsOneJobArrayAndArgumentsReachTheProgramVerbatim(LocalSlurm.Cluster slurm) throws Exception {
    String runId = run();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(Points.command(dir, runId, "sweep", i, Resources.DEFAULT,
          "/usr/bin/printf", "%s|", "it's", "a b", "$HOME;`x`", "point " + i));
    }
    Points.Recorder rec = new Points.Recorder(tasks.size());
    try (SlurmExecutor ex = slurm.executor(Map.of())) {
      ex.submit(tasks, rec);
      Map<Task, TaskResult> results = rec.await(WAIT);
      for (Task t : tasks) {
        assertTrue(results.get(t).succeeded(), results.get(t).message());
        assertEquals("it's|a b|$HOME;`x`|point " + t.point().index() + "|",
            Files.readString(t.workDir().resolve("stdout.log")));
        assertEquals("0", Files.readString(t.exitMarker()).strip());
        assertTrue(rec.ids.get(t).matches("\\d+_" + t.point().index()), rec.ids.get(t));
      }
      assertEquals(1, arrayJobsOf(ex.client(), runId).size(), "one job array for the sweep");
      try (var logs = Files.list(dir.resolve("sweep").resolve(SlurmExecutor.LOG_DIR))) {
        assertEquals(4, logs.count(), "Slurm's own output, one file per element, beside the work dirs");
      }
      assertEquals(1L, ex.statistics().get("slurm.jobs.submitted"));
      assertEquals(1L, ex.statistics().get("slurm.calls.submit"));
    }
  }

  @Test
  void packsShortPointsAndSplitsArraysAtMaxArraySize(LocalSlurm.Cluster slurm) throws Exception {
    String runId = run();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) tasks.add(Points.command(dir, runId, "packed", i, Resources.DEFAULT, "/bin/true"));
    Points.Recorder rec = new Points.Recorder(5);
    try (SlurmExecutor ex = slurm.executor(Map.of("points-per-task", "2", "max-array-size", "2"))) {
      ex.submit(tasks, rec);
      rec.await(WAIT).values().forEach(r -> assertTrue(r.succeeded(), r.message()));
      // 5 points, 2 per element: 3 elements; at most 2 elements per array: 2 arrays.
      assertEquals(3L, ex.statistics().get("slurm.array.elements"));
      assertEquals(2, arrayJobsOf(ex.client(), runId).size());
    }
  }

  @Test
  void onePollRoundPerIntervalAsksAboutTheFollowedArraysOnly(LocalSlurm.Cluster slurm) throws Exception {
    String runId = run();
    Points.Recorder rec = new Points.Recorder(6);
    try (SlurmExecutor ex = slurm.executor(Map.of("poll-interval", "300ms", "max-poll-interval", "300ms"))) {
      long t0 = System.nanoTime();
      for (int step = 0; step < 3; step++) {
        ex.submit(List.of(Points.command(dir, runId, "s" + step, 0, Resources.DEFAULT, "/bin/sleep", "1"),
            Points.command(dir, runId, "s" + step, 1, Resources.DEFAULT, "/bin/sleep", "1")), rec);
      }
      rec.await(WAIT).values().forEach(r -> assertTrue(r.succeeded(), r.message()));
      double intervals = (System.nanoTime() - t0) / 300e6;
      Map<String, Long> stats = ex.statistics();
      assertEquals(3L, stats.get("slurm.jobs.submitted"));
      assertNull(stats.get("slurm.calls.jobs"), "never the controller's whole job list: " + stats);
      // One light request per followed array and poll (3 arrays at most here).
      long perPoll = 3;
      long calls = stats.getOrDefault("slurm.calls.states", 0L) + stats.getOrDefault("slurm.calls.job", 0L);
      assertTrue(calls <= stats.get("slurm.polls") * perPoll, stats.toString());
      assertTrue(stats.get("slurm.polls") <= intervals + 2, stats + " in " + intervals + " intervals");
    }
  }

  @Test
  void failingPointReportsItsExitCode(LocalSlurm.Cluster slurm) throws Exception {
    Task t = Points.command(dir, run(), "fail", 0, Resources.DEFAULT, "/bin/sh", "-c", "echo boom >&2; exit 3");
    Points.Recorder rec = new Points.Recorder(1);
    try (Executor ex = slurm.executor(Map.of())) {
      ex.submit(List.of(t), rec);
      TaskResult r = rec.await(WAIT).get(t);
      assertEquals(FailureKind.EXIT_CODE, r.failure());
      assertEquals(3, r.exitCode());
      assertTrue(r.message().contains("exited with status 3"), r.message());
      assertEquals("boom\n", Files.readString(t.workDir().resolve("stderr.log")));
    }
  }

  @Test
  void mpiStepRunsTwoRanksThroughTheConfiguredLauncher(LocalSlurm.Cluster slurm) throws Exception {
    Path input = Files.writeString(dir.resolve("in.lj"), """
        units lj
        atom_style atomic
        lattice fcc 0.8442
        region box block 0 4 0 4 0 4
        create_box 1 box
        create_atoms 1 box
        mass 1 1.0
        velocity all create 3.0 87287
        pair_style lj/cut 2.5
        pair_coeff 1 1 1.0 1.0 2.5
        fix 1 all nve
        run 20
        """);
    List<String> argv = List.of("lmp", "-in", input.toString(), "-log", "none");
    Task t = Points.task(dir, run(), "md", 0, new Action.Mpi(argv, 2, 1), Resources.cores(2), argv);
    Points.Recorder rec = new Points.Recorder(1);
    try (Executor ex = slurm.executor(Map.of("launcher", "mpirun --allow-run-as-root --oversubscribe"))) {
      ex.submit(List.of(t), rec);
      TaskResult r = rec.await(WAIT).get(t);
      String out = Files.readString(t.workDir().resolve("stdout.log"));
      assertTrue(r.succeeded(), r.message() + "\n" + Files.readString(t.workDir().resolve("stderr.log")));
      assertTrue(out.contains("on 2 procs"), out);
    }
  }

  @Test
  void cancelEndsRunningPointsAsCancelled(LocalSlurm.Cluster slurm) throws Exception {
    Task t = Points.command(dir, run(), "long", 0, Resources.DEFAULT, "/bin/sleep", "300");
    Points.Recorder rec = new Points.Recorder(1);
    try (Executor ex = slurm.executor(Map.of())) {
      ex.submit(List.of(t), rec);
      rec.awaitStarted(t, WAIT);
      ex.cancel(List.of(t));
      TaskResult r = rec.await(WAIT).get(t);
      assertEquals(FailureKind.CANCELLED, r.failure(), r.message());
    }
  }

  @Test
  void restartedEngineReattachesByTagWithoutSubmittingTwice(LocalSlurm.Cluster slurm) throws Exception {
    String runId = run();
    List<Task> tasks = List.of(
        Points.command(dir, runId, "slow", 0, Resources.DEFAULT, "/bin/sh", "-c", "sleep 3; echo done"),
        Points.command(dir, runId, "slow", 1, Resources.DEFAULT, "/bin/sh", "-c", "sleep 3; exit 4"));
    try (Executor first = slurm.executor(Map.of())) {
      // The engine dies right after submitting, before it recorded any job id.
      first.submit(tasks, new Points.Recorder(0));
    }
    Points.Recorder rec = new Points.Recorder(2);
    try (SlurmExecutor second = slurm.executor(Map.of())) {
      List<Task> unknown = second.reattach(tasks, rec);
      assertEquals(List.of(), unknown, "both points are found again by their tag");
      Map<Task, TaskResult> results = rec.await(WAIT);
      assertTrue(results.get(tasks.get(0)).succeeded(), results.get(tasks.get(0)).message());
      assertEquals(4, results.get(tasks.get(1)).exitCode());
      assertEquals(1, arrayJobsOf(second.client(), runId).size(), "Slurm holds exactly one array for the run");
      assertEquals(0L, second.statistics().get("slurm.jobs.submitted"));
      rec.finishCalls.values().forEach(n -> assertEquals(1, n));
    }
  }

  @Test
  void jobSlurmForgotIsDecidedByItsExitMarkerNeverGuessed(LocalSlurm.Cluster slurm) throws Exception {
    String runId = run();
    // Job ids Slurm no longer knows (purged after MinJobAge, no slurmdbd here).
    Task ok = Points.command(dir, runId, "gone", 0, Resources.DEFAULT, "/bin/true").withExternalId("999990_0");
    Task bad = Points.command(dir, runId, "gone", 1, Resources.DEFAULT, "/bin/true").withExternalId("999990_1");
    Task lost = Points.command(dir, runId, "gone", 2, Resources.DEFAULT, "/bin/true").withExternalId("999990_2");
    Task never = Points.command(dir, runId, "gone", 3, Resources.DEFAULT, "/bin/true");
    Files.writeString(ok.exitMarker(), "0\n");
    Files.writeString(bad.exitMarker(), "5\n");
    Points.Recorder rec = new Points.Recorder(3);
    try (Executor ex = slurm.executor(Map.of())) {
      List<Task> unknown = ex.reattach(List.of(ok, bad, lost, never), rec);
      assertEquals(List.of(never), unknown, "never submitted and no marker: the engine submits it afresh");
      Map<Task, TaskResult> results = rec.await(Duration.ofSeconds(5));
      assertTrue(results.get(ok).succeeded());
      assertEquals(FailureKind.EXIT_CODE, results.get(bad).failure());
      assertEquals(5, results.get(bad).exitCode());
      assertEquals(FailureKind.LOST, results.get(lost).failure());
      assertTrue(results.get(lost).message().contains("no exit marker"), results.get(lost).message());
    }
  }

  @Test
  void pointThatEndedWhileTheEngineWasDownIsDecidedByItsMarkerAfterSlurmForgotIt(LocalSlurm.Cluster slurm)
      throws Exception {
    String runId = run();
    Task recorded = Points.command(dir, runId, "quick", 0, Resources.DEFAULT, "/bin/sh", "-c", "exit 0");
    Task unrecorded = Points.command(dir, runId, "quick", 1, Resources.DEFAULT, "/bin/sh", "-c", "exit 7");
    Points.Recorder firstEngine = new Points.Recorder(0);
    try (Executor first = slurm.executor(Map.of())) {
      first.submit(List.of(recorded, unrecorded), firstEngine);
    }
    String id = firstEngine.ids.get(recorded);
    try (SlurmClient client = slurm.client()) {
      // The local cluster's MinJobAge is 10 s; slurmctld purges on its own schedule after that.
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (client.jobs().stream().anyMatch(j -> j.comment().startsWith("kakehashi:" + runId))) {
        assertTrue(System.nanoTime() < deadline, "slurmctld kept the job for more than 90 s");
        Thread.sleep(1000);
      }
    }
    Points.Recorder rec = new Points.Recorder(2);
    try (Executor second = slurm.executor(Map.of())) {
      List<Task> unknown = second.reattach(List.of(recorded.withExternalId(id), unrecorded), rec);
      assertEquals(List.of(), unknown);
      Map<Task, TaskResult> results = rec.await(Duration.ofSeconds(5));
      assertTrue(results.get(recorded.withExternalId(id)).succeeded());
      assertEquals(7, results.get(unrecorded).exitCode());
      assertEquals(FailureKind.EXIT_CODE, results.get(unrecorded).failure());
    }
  }

  /** What a test checks while a daemon is down. */
  private interface WhileDown {
    void check(SlurmExecutor ex, Points.Recorder rec) throws Exception;
  }

  /** Runs {@code t}; once it has started, stops {@code daemon}, checks, and starts it again. */
  private static TaskResult runAcrossOutage(LocalSlurm.Cluster slurm, String daemon, Task t,
                                            Map<String, String> config, WhileDown whileDown) throws Exception {
    Points.Recorder rec = new Points.Recorder(1);
    try (SlurmExecutor ex = slurm.executor(config)) {
      ex.submit(List.of(t), rec);
      rec.awaitStarted(t, WAIT);
      slurm.stop(daemon);
      try {
        whileDown.check(ex, rec);
        assertNull(rec.results.get(t), daemon + " being down is no reason to fail the point");
      } finally {
        slurm.run("start");
      }
      TaskResult r = rec.await(WAIT).get(t);
      assertTrue(r.succeeded(), r.message());
      assertTrue(ex.statistics().get("slurm.http.retries") > 0 || daemon.equals("slurmctld"), ex.statistics().toString());
      return r;
    }
  }

  @Test
  void survivesSlurmrestdStoppedForAWhile(LocalSlurm.Cluster slurm) throws Exception {
    Task t = Points.command(dir, run(), "outage", 0, Resources.DEFAULT, "/bin/sleep", "4");
    runAcrossOutage(slurm, "slurmrestd", t, Map.of("retries", "2"), (ex, rec) -> {
      SlurmException e = assertThrows(SlurmException.class, () -> ex.client().jobs());
      assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains("GET /slurm/v0.0.38/jobs"),
          e.getMessage());
      Thread.sleep(6000);
    });
  }

  @Test
  void followsItsJobsAcrossASlurmctldRestart(LocalSlurm.Cluster slurm) throws Exception {
    Task t = Points.command(dir, run(), "ctld", 0, Resources.DEFAULT, "/bin/sh", "-c", "sleep 4; echo survived");
    runAcrossOutage(slurm, "slurmctld", t, Map.of(), (ex, rec) -> Thread.sleep(2000));
    assertEquals("survived\n", Files.readString(t.workDir().resolve("stdout.log")));
  }
}
