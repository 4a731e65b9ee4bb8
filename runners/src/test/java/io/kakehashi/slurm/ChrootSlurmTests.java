package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/**
 * What every newer Slurm in a debootstrap chroot ({@code scripts/slurm-local.sh --version 24.11 /
 * 26.05}) must do with the same executor: the structured JSON of v0.0.40 and later (states as
 * lists, numbers as {set, infinite, number}, environment as K=V lists). A subclass names the
 * version with {@code @LocalSlurm.Version} and says which API version and release to expect. Work
 * dirs are under /tmp, which the chroot shares.
 */
@ExtendWith(LocalSlurm.class)
abstract class ChrootSlurmTests {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  /** The newest API version the client knows that this cluster serves. */
  abstract ApiVersion newest();

  /** The start of the release that slurmrestd reports, such as {@code 24.11}. */
  abstract String release();

  @Test
  void asksTheServerAndGetsItsNewestVersion(LocalSlurm.Cluster slurm) {
    assertEquals(newest(), slurm.api(), "the script's KAKEHASHI_SLURM_API");
    try (SlurmClient client = slurm.client()) {
      SlurmClient.ServerInfo info = client.ping();
      assertEquals(newest(), info.apiVersion());
      assertTrue(info.release().startsWith(release()), info.release());
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
    // OpenMPI 5 aborts when HOME is unset, and the job gets only PATH: the batch script sets HOME.
    // The potential comes with the chroot's lammps-data.
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
      SlurmException e = assertThrows(SlurmException.class, client::jobs);
      assertEquals(404, e.httpStatus());
      // 24.11: "Unable find requested URL", 26.05: "Unable to find requested URL endpoint. Please query..."
      assertTrue(e.getMessage().startsWith("GET /slurm/v0.0.38/jobs answered HTTP 404 with no JSON: Unable"),
          e.getMessage());
    }
  }

  /** One array of a succeeding and a failing element, spoken in {@code api}. */
  void runsASweepAndMapsExitCodes(String api, LocalSlurm.Cluster slurm) throws Exception {
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
      assertEquals(api, ex.client().apiVersion().id());
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

  @Test
  void pollAsksOnlyAboutOurOwnArrayWhileUnrelatedJobsWait(LocalSlurm.Cluster slurm) throws Exception {
    String other = "unrelated-" + UUID.randomUUID().toString().substring(0, 6);
    List<Long> unrelated = submitHeld(slurm, other, 3);
    SlurmGatherAndPollTest.Recorder wire = new SlurmGatherAndPollTest.Recorder();
    String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
    try (SlurmExecutor ex = SlurmGatherAndPollTest.executor(slurm,
        Map.of("poll-interval", "300ms", "max-poll-interval", "300ms"), wire)) {
      List<Task> tasks = new ArrayList<>();
      for (int i = 0; i < 3; i++) tasks.add(Points.command(dir, runId, "ours", i, Resources.DEFAULT, "/bin/sleep", "1"));
      Points.Recorder rec = new Points.Recorder(tasks.size());
      ex.submit(tasks, rec);
      rec.await(WAIT).values().forEach(r -> assertTrue(r.succeeded(), r.message()));
      assertEquals(1L, ex.statistics().get("slurm.jobs.submitted"), "one array for the sweep");
      String ours = rec.ids.get(tasks.get(0)).split("_")[0];
      List<SlurmGatherAndPollTest.Exchange> polls = wire.seen.stream()
          .filter(e -> e.request().startsWith("GET ")).toList();
      assertTrue(polls.size() >= 2, "the executor polled: " + wire.seen);
      for (SlurmGatherAndPollTest.Exchange e : polls) {
        // States while elements run; once some ended, the array's full record (exit codes) once.
        String api = "/slurm/" + slurm.api().id();
        assertTrue(e.request().endsWith(api + "/jobs/state/?job_id=" + ours) || e.request().endsWith(api + "/job/" + ours),
            "a poll asked about something else than our array " + ours + ": " + e.request());
        assertFalse(e.body().contains(other), "a poll brought back unrelated jobs: " + e.request());
      }
      for (SlurmGatherAndPollTest.Exchange e : polls) {
        // Job ids as "12" or "12_3" (jobs/state) or 12 (job/ID): none of the held ones.
        for (com.fasterxml.jackson.databind.JsonNode j : SlurmJson.MAPPER.readTree(e.body()).path("jobs")) {
          long id = Long.parseLong(j.path("job_id").asText().split("_")[0]);
          assertFalse(unrelated.contains(id), "a poll brought back unrelated job " + id + ": " + e.request());
        }
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

  /**
   * Submits {@code n} held jobs named {@code name} with the chroot's own sbatch (the host's 22.05
   * sbatch cannot talk to a newer slurmctld), not through the REST client.
   */
  static List<Long> submitHeld(LocalSlurm.Cluster slurm, String name, int n) throws Exception {
    // <state>/root/kk/etc/slurm.conf: the chroot is three levels above the file.
    Path root = slurm.slurmConf().getParent().getParent().getParent();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ProcessBuilder pb = new ProcessBuilder("chroot", root.toString(), "env", "SLURM_CONF=/kk/etc/slurm.conf",
          "sbatch", "--hold", "--parsable", "-J", name, "-D", "/tmp", "-o", "/dev/null", "--time=1",
          "--wrap", "true").redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "sbatch failed: " + out);
      ids.add(Long.parseLong(out.split(";")[0]));
    }
    return ids;
  }
}
