package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.Engine;
import io.kakehashi.engine.RunOutcome;
import io.kakehashi.event.RunState;
import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.RunStore;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Resources;
import io.kakehashi.workflow.RetryPolicy;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The engine running command sweeps on the real Slurm 22.05 through the executor SPI. */
@ExtendWith(LocalSlurm.class)
class SlurmEngineTest {
  @TempDir Path dir;

  private Engine engine(RunStore store, SlurmExecutor slurm) {
    return Engine.builder().store(store).workRoot(dir.resolve("work")).executor(slurm)
        .defaultExecutor("slurm").build();
  }

  /** What a test checks after a successful run, with the store and executor still open. */
  private interface AfterRun {
    void check(RunOutcome out, RunStore store, SlurmExecutor ex) throws Exception;
  }

  /** Runs {@code w} to success on a fresh engine whose default executor is Slurm. */
  private void runToSuccess(LocalSlurm.Cluster slurm, Workflow w, AfterRun after) throws Exception {
    try (RunStore store = RunStore.open(dir.resolve("runs.db"));
         SlurmExecutor ex = slurm.executor(Map.of());
         Engine engine = engine(store, ex)) {
      RunOutcome out = engine.run(w, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.toString());
      after.check(out, store, ex);
    }
  }

  private static long arrayJobsOf(SlurmClient client, String runId) {
    return client.jobs().stream().filter(j -> j.comment().startsWith("kakehashi:" + runId + ":"))
        .map(JobInfo::arrayJobId).distinct().count();
  }

  @Test
  void failedPointsAreRetriedAsANewArrayAndTheSweepSucceeds(LocalSlurm.Cluster slurm) throws Exception {
    Path flags = Files.createDirectories(dir.resolve("flags"));
    // Each point fails on its first attempt (no flag yet) and succeeds on the second.
    Workflow w = Workflow.builder("retry")
        .step(Step.command("square", "/bin/sh", "-c",
                "f=$1/flag-$2; [ -e \"$f\" ] || { touch \"$f\"; exit 1; }; echo $(($2 * $2)) > out.txt",
                "sh", flags.toString(), "${x}")
            .sweep(Sweep.over("x", List.of(1, 2, 3)))
            .outputs("out.txt")
            .retry(RetryPolicy.attempts(2).withBackoff(Duration.ZERO, 1.0)))
        .build();
    runToSuccess(slurm, w, (out, store, ex) -> {
      assertEquals(3, out.succeeded());
      assertTrue(ex.statistics().get("slurm.jobs.submitted") >= 2, ex.statistics().toString());
      for (int x = 1; x <= 3; x++) assertTrue(Files.exists(flags.resolve("flag-" + x)));
    });
  }

  @Test
  void sweepWhosePointsBecomeReadyOneByOneGoesOutAsExactlyOneArray(LocalSlurm.Cluster slurm) throws Exception {
    // Each point of "use" waits on its own "prep" point, which end at different moments (as the
    // campaign's prepare -> relax): the engine hands "use" over in several parts; Slurm sees one array.
    List<Integer> xs = List.of(0, 1, 2, 3, 4, 5, 6, 7);
    Workflow w = Workflow.builder("gather")
        .step(Step.function("prep", ctx -> {
              Thread.sleep(40L * ctx.pointIndex());
              Files.writeString(ctx.workDir().resolve("in.txt"), "x=" + ctx.params().get("x") + "\n");
            })
            .sweep(Sweep.over("x", xs))
            .outputs("in.txt"))
        .step(Step.command("use", "/bin/cat", "${inputs.in}")
            .sweep(Sweep.over("x", xs))
            .input("in", Input.of("prep", "in.txt")))
        .build();
    runToSuccess(slurm, w, (out, store, ex) -> {
      assertEquals(16, out.succeeded(), out.toString());
      assertEquals(1L, ex.statistics().get("slurm.jobs.submitted"), ex.statistics().toString());
      assertEquals(1L, arrayJobsOf(ex.client(), out.runId()), "one array for the 8-point sweep");
    });
  }

  @Test
  void timeoutIsRetriedWithTheWalltimeTheRetryPolicyEscalatedTo(LocalSlurm.Cluster slurm) throws Exception {
    Path flags = Files.createDirectories(dir.resolve("flags"));
    // Attempt 1 outlives Slurm's smallest limit (1 minute; slurmctld checks every 30 s); attempt 2
    // finds the flag and ends at once, under the doubled limit.
    Workflow w = Workflow.builder("walltime")
        .step(Step.command("long", "/bin/sh", "-c",
                "[ -e \"$1/started\" ] && exit 0; touch \"$1/started\"; exec sleep 600", "sh", flags.toString())
            .resources(Resources.DEFAULT.withWalltime(Duration.ofMinutes(1)))
            .retry(RetryPolicy.attempts(2).withBackoff(Duration.ZERO, 1.0)
                .retryingOn(EnumSet.of(FailureKind.TIMEOUT)).escalatingWalltime(2.0)))
        .build();
    runToSuccess(slurm, w, (out, store, ex) -> {
      List<AttemptRecord> attempts = store.attempts(out.runId());
      assertEquals(2, attempts.size(), attempts.toString());
      assertEquals("TIMEOUT", attempts.get(0).failure(), attempts.toString());
      String second = attempts.get(1).externalId().split("_")[0];
      JobInfo job = ex.client().job(second).get(0);
      assertEquals(2, job.timeLimitMinutes(), "Slurm got the escalated walltime: " + job);
    });
  }

  @Test
  void slurmPlacesTwoSingleRankPointsOnDifferentCores(LocalSlurm.Cluster slurm) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
    // Placement is Slurm's (task/affinity); the launcher must not bind ranks over it.
    Workflow w = Workflow.builder("placement")
        .step(Step.mpi("rank", 1, "sh", "-c", "grep Cpus_allowed_list /proc/self/status; sleep 2")
            .sweep(Sweep.over("i", List.of(0, 1))))
        .build();
    try (RunStore store = RunStore.open(dir.resolve("runs.db"));
         SlurmExecutor ex = slurm.executor(Map.of("launcher", "mpirun --allow-run-as-root --oversubscribe --bind-to none"));
         Engine engine = engine(store, ex)) {
      RunOutcome out = engine.run(w, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.toString());
      List<String> affinity = new java.util.ArrayList<>();
      for (var p : store.points(out.runId())) {
        String line = Files.readString(Path.of(p.workDir(), "stdout.log")).strip();
        affinity.add(line.substring(line.indexOf(':') + 1).strip());
      }
      assertEquals(2, affinity.size());
      assertTrue(!affinity.get(0).contains(",") && !affinity.get(0).contains("-"), "one core each: " + affinity);
      assertTrue(!affinity.get(0).equals(affinity.get(1)), "both points ran on CPU " + affinity.get(0));
    }
  }

  @Test
  void detachedRunIsResumedByANewEngineWithoutSubmittingTwice(LocalSlurm.Cluster slurm) throws Exception {
    Workflow w = Workflow.builder("resume")
        .step(Step.command("slow", "/bin/sh", "-c", "sleep 3; echo ${x} > out.txt")
            .sweep(Sweep.over("x", List.of(1, 2, 3, 4)))
            .outputs("out.txt"))
        .build();
    String runId = "resume-" + Long.toHexString(System.nanoTime());
    try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
      try (SlurmExecutor first = slurm.executor(Map.of()); Engine engine = engine(store, first)) {
        CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(() -> engine.run(runId, w, "test", Map.of()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (arrayJobsOf(first.client(), runId) == 0) {
          assertTrue(System.nanoTime() < deadline, "the run's array never reached Slurm");
          Thread.sleep(200);
        }
        engine.detach();
        assertEquals(RunState.INTERRUPTED, run.get(30, TimeUnit.SECONDS).state());
      }
      try (SlurmExecutor second = slurm.executor(Map.of()); Engine engine = engine(store, second)) {
        RunOutcome out = engine.resume(runId, w);
        assertEquals(RunState.SUCCEEDED, out.state(), out.toString());
        assertEquals(4, out.succeeded());
        assertEquals(0L, second.statistics().get("slurm.jobs.submitted"), second.statistics().toString());
        assertEquals(1, arrayJobsOf(second.client(), runId), "Slurm saw the sweep submitted once");
      }
    }
  }
}
