package io.kakehashi.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.event.RunState;
import io.kakehashi.store.PointRecord;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.RetryPolicy;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {
  @TempDir Path dir;

  @Test
  void runsASweepOfRealProcessesAndPassesParametersAsArguments() throws Exception {
    Workflow wf = Workflow.builder("echo")
        .step(Step.command("write", "sh", "-c", "printf '%s' \"$1\" > value.txt", "sh", "${x} and; $(rm -rf /)")
            .sweep(Sweep.over("x", List.of(1, 2)))
            .outputs("value.txt"))
        .build();
    try (var f = TestEngines.create(dir, LocalExecutor.onThisMachine())) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      List<PointRecord> points = f.store().points(out.runId());
      // The parameter travels as one argument: the shell never parses it.
      assertEquals("2 and; $(rm -rf /)", Files.readString(Path.of(points.get(1).workDir(), "value.txt")));
    }
  }

  @Test
  void runsARealTwoRankMpiProgram() throws Exception {
    Workflow wf = Workflow.builder("mpi")
        .step(Step.mpi("ranks", 2, "sh", "-c", "echo rank=$OMPI_COMM_WORLD_RANK size=$OMPI_COMM_WORLD_SIZE"))
        .build();
    try (var f = TestEngines.create(dir, LocalExecutor.onThisMachine())) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      String stdout = Files.readString(Path.of(f.store().points(out.runId()).get(0).workDir(), "stdout.log"));
      assertTrue(stdout.contains("rank=0 size=2") && stdout.contains("rank=1 size=2"), stdout);
    }
  }

  @Test
  void concurrentSingleRankPointsRunOnDisjointCores() throws Exception {
    LocalExecutor executor = LocalExecutor.onThisMachine();
    org.junit.jupiter.api.Assumptions.assumeTrue(executor.placementCpus().length >= 2,
        "needs two CPUs this process may use");
    // Each rank reports the CPUs it may run on while the other point is still running.
    Workflow wf = Workflow.builder("placement")
        .step(Step.mpi("rank", 1, "sh", "-c", "grep Cpus_allowed_list /proc/self/status; sleep 1")
            .sweep(Sweep.over("i", List.of(0, 1))))
        .build();
    try (var f = TestEngines.create(dir, executor)) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      List<PointRecord> points = f.store().points(out.runId());
      int[][] affinity = new int[2][];
      for (int i = 0; i < 2; i++) {
        String line = Files.readString(Path.of(points.get(i).workDir(), "stdout.log")).strip();
        affinity[i] = CpuSlots.parse(line.substring(line.indexOf(':') + 1));
        assertEquals(1, affinity[i].length, "a single-rank point is placed on one core: " + line);
      }
      assertTrue(points.get(0).started().isBefore(points.get(1).ended())
          && points.get(1).started().isBefore(points.get(0).ended()), "the two points overlapped");
      assertTrue(affinity[0][0] != affinity[1][0], "both points were placed on CPU " + affinity[0][0]);
    }
  }

  @Test
  void timeoutKillsTheWholeProcessTree() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Workflow wf = Workflow.builder("slow")
        .step(Step.command("slow", "sh", "-c", "sleep 30 & echo $! > " + pidFile + "; wait")
            .timeout(Duration.ofMillis(700))
            .retry(RetryPolicy.attempts(1)))
        .build();
    try (var f = TestEngines.create(dir, LocalExecutor.onThisMachine())) {
      Instant t0 = Instant.now();
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertTrue(Duration.between(t0, Instant.now()).toSeconds() < 20);
      assertEquals(RunState.FAILED, out.state());
      assertTrue(out.failures().get(0).contains(FailureKind.TIMEOUT.name()), out.failures().toString());
      long child = Long.parseLong(Files.readString(pidFile).trim());
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (running(child) && System.nanoTime() < deadline) Thread.sleep(50);
      assertTrue(!running(child), "the sleeping grandchild was killed");
    }
  }

  /** Alive and not a zombie waiting to be reaped. */
  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) return false;
    String s = Files.readString(stat);
    return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
  }

  @Test
  void aMissingProgramIsALaunchErrorNamingIt() {
    Workflow wf = Workflow.builder("missing")
        .step(Step.command("sim", "no-such-simulator-xyz", "-in", "in.lmp"))
        .build();
    try (var f = TestEngines.create(dir, LocalExecutor.onThisMachine())) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.FAILED, out.state());
      String msg = out.failures().get(0);
      assertTrue(msg.contains("LAUNCH_ERROR") && msg.contains("no-such-simulator-xyz"), msg);
    }
  }

  @Test
  void aFailingProgramReportsItsExitCodeAndLastStderrLines() {
    Workflow wf = Workflow.builder("fails")
        .step(Step.command("sim", "sh", "-c", "echo 'ERROR: lost atoms' >&2; exit 3"))
        .build();
    try (var f = TestEngines.create(dir, LocalExecutor.onThisMachine())) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      String msg = out.failures().get(0);
      assertTrue(msg.contains("exited with status 3") && msg.contains("ERROR: lost atoms"), msg);
    }
  }

  @Test
  void pointToPointInputsReachTheCommandAsPaths() throws Exception {
    Workflow wf = Workflow.builder("chain")
        .step(Step.command("make", "sh", "-c", "echo $1 > data.txt", "sh", "${i}")
            .sweep(Sweep.over("i", List.of(5, 6))).outputs("data.txt"))
        .step(Step.command("copy", "cp", "${inputs.data}", "copy.txt")
            .sweep(Sweep.over("i", List.of(5, 6)))
            .input("data", Input.of("make", "data.txt")).outputs("copy.txt"))
        .build();
    try (var f = TestEngines.create(dir, LocalExecutor.onThisMachine())) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      PointRecord last = f.store().points(out.runId()).get(3);
      assertEquals("6", Files.readString(Path.of(last.workDir(), "copy.txt")).trim());
    }
  }
}
