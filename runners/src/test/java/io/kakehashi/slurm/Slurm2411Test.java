package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same executor against Slurm 24.11 (Debian 13 in a chroot), whose slurmrestd speaks
 * v0.0.40-42: states as lists, numbers as {set, infinite, number}, environment as K=V lists.
 * Work dirs are under /tmp, which the chroot shares.
 */
@ExtendWith(LocalSlurm.class)
@LocalSlurm.Version("24.11")
class Slurm2411Test {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  @Test
  void asksTheServerAndGetsItsNewestVersion(LocalSlurm.Cluster slurm) {
    try (SlurmClient client = slurm.client()) {
      SlurmClient.ServerInfo info = client.ping();
      assertEquals(ApiVersion.V0_0_42, info.apiVersion());
      assertTrue(info.release().startsWith("24.11"), info.release());
      assertTrue(info.up(), info.controllers().toString());
      assertTrue(SlurmDoctor.check(slurm.config(Map.of("partition", "debug")), client).stream()
          .allMatch(SlurmDoctor.Finding::ok));
    }
  }

  @Test
  void doctorsProbeJobFindsLammpsAndMpirunInTheChroot(LocalSlurm.Cluster slurm) {
    // The script installs lammps and openmpi-bin into the chroot; slurmrestd's checks alone cannot tell.
    List<SlurmDoctor.Finding> findings = SlurmDoctor.check(slurm.settings(Map.of("partition", "debug",
        "launcher", "mpirun --allow-run-as-root")), Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), dir);
    assertEquals(List.of("connection", "api version", "auth", "partitions", "controller", "job", "job lmp",
        "job mpirun", "job work dir"), findings.stream().map(SlurmDoctor.Finding::check).toList());
    assertTrue(findings.stream().allMatch(SlurmDoctor.Finding::ok), findings.toString());
    assertEquals("/usr/bin/lmp (on the job's PATH)", findings.get(6).detail());
    assertEquals("/usr/bin/mpirun (on the job's PATH)", findings.get(7).detail());
  }

  @Test
  void anMpiLammpsStepRunsWithOnlyPathSent(LocalSlurm.Cluster slurm) throws Exception {
    // OpenMPI 5 (Debian 13) aborts when HOME is unset, and the job gets only PATH: the batch script
    // sets HOME. The potential comes with the chroot's lammps-data.
    Files.writeString(dir.resolve("in.cuni"), """
        units metal
        lattice fcc 3.6
        region box block 0 2 0 2 0 2
        create_box 2 box
        create_atoms 1 box
        pair_style eam/alloy
        pair_coeff * * /usr/share/lammps/potentials/CuNi.eam.alloy Cu Ni
        run 0
        """);
    List<String> argv = List.of("lmp", "-in", dir.resolve("in.cuni").toString(), "-log", "none");
    Task t = Points.task(dir, "run-" + UUID.randomUUID().toString().substring(0, 8), "md", 0,
        new Action.Mpi(argv, 2, 1), Resources.cores(2).withMemoryMb(200).withWalltime(Duration.ofMinutes(2)), argv);
    Points.Recorder rec = new Points.Recorder(1);
    try (SlurmExecutor ex = slurm.executor(Map.of("launcher", "mpirun --allow-run-as-root --oversubscribe --bind-to none"))) {
      ex.submit(List.of(t), rec);
      TaskResult r = rec.await(WAIT).get(t);
      assertTrue(r.succeeded(), r.message() + ": " + Files.readString(t.workDir().resolve("stderr.log")));
    }
    String out = Files.readString(t.workDir().resolve("stdout.log"));
    assertTrue(out.contains("on 2 procs") && out.contains("Total wall time"), out);
  }

  @Test
  void aVersionTheServerDoesNotServeIsAClearErrorNotAParseFailure(LocalSlurm.Cluster slurm) {
    try (SlurmClient client = SlurmClient.builder(slurm.url()).user("root")
        .tokens(TokenSource.command(slurm.tokenCommand())).apiVersion(ApiVersion.V0_0_38).build()) {
      SlurmException e = org.junit.jupiter.api.Assertions.assertThrows(SlurmException.class, client::jobs);
      assertEquals(404, e.httpStatus());
      assertTrue(e.getMessage().startsWith("GET /slurm/v0.0.38/jobs answered HTTP 404 with no JSON: Unable find"),
          e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
  void runsASweepAndMapsExitCodesInEachDialect(String api, LocalSlurm.Cluster slurm) throws Exception {
    String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
    Task ok = Points.command(dir, runId, "s", 0, Resources.DEFAULT.withMemoryMb(100).withWalltime(Duration.ofMinutes(2)),
        "/usr/bin/printf", "%s", "$KK_POINT it's");
    Task bad = Points.command(dir, runId, "s", 1, Resources.DEFAULT.withMemoryMb(100).withWalltime(Duration.ofMinutes(2)),
        "/bin/sh", "-c", "exit 3");
    Points.Recorder rec = new Points.Recorder(2);
    try (SlurmExecutor ex = slurm.executor(Map.of("api-version", api))) {
      ex.submit(List.of(ok, bad), rec);
      Map<Task, TaskResult> results = rec.await(WAIT);
      assertTrue(results.get(ok).succeeded(), results.get(ok).message());
      assertEquals("$KK_POINT it's", Files.readString(ok.workDir().resolve("stdout.log")));
      assertEquals(FailureKind.EXIT_CODE, results.get(bad).failure());
      assertEquals(3, results.get(bad).exitCode());
      assertEquals(1L, ex.statistics().get("slurm.jobs.submitted"));
      List<JobInfo> jobs = ex.client().jobs().stream()
          .filter(j -> j.comment().startsWith("kakehashi:" + runId)).toList();
      assertEquals(2, jobs.size(), jobs.toString());
      assertTrue(jobs.stream().allMatch(j -> j.state().terminal() && j.submitted() != null), jobs.toString());
    }
  }

  @Test
  void cancelsAPendingAndARunningElement(LocalSlurm.Cluster slurm) throws Exception {
    String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
    // The array's %1 throttle keeps the second element in the queue whatever else the node runs.
    Task running = Points.command(dir, runId, "c", 0, Resources.DEFAULT, "/bin/sleep", "300");
    Task pending = Points.command(dir, runId, "c", 1, Resources.DEFAULT, "/bin/sleep", "300");
    Points.Recorder rec = new Points.Recorder(2);
    try (SlurmExecutor ex = slurm.executor(Map.of("max-running", "1"))) {
      ex.submit(List.of(running, pending), rec);
      rec.awaitStarted(running, WAIT);
      ex.cancel(List.of(running, pending));
      Map<Task, TaskResult> results = rec.await(WAIT);
      assertEquals(FailureKind.CANCELLED, results.get(running).failure(), results.get(running).message());
      assertEquals(FailureKind.CANCELLED, results.get(pending).failure(), results.get(pending).message());
    }
  }
}
