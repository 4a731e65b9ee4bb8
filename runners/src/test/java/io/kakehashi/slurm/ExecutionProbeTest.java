package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor}'s probe job on the real Slurm 22.05: it proves that jobs find {@code lmp} and the
 * MPI launcher and can write their work dir, names what a job's PATH lacks, and gives up on a job
 * that stays queued past {@code slurm.probe-timeout}.
 */
@ExtendWith(LocalSlurm.class)
class ExecutionProbeTest {
  private static final String JOB_PATH = "/usr/local/bin:/usr/bin:/bin";
  @TempDir Path dir;

  /** The doctor's settings for the local cluster, as {@code -C slurm.*} would give them, plus {@code extra}. */
  private static Map<String, String> settings(LocalSlurm.Cluster slurm, Map<String, String> extra) {
    // Debian's OpenMPI has no Slurm PMI: its mpirun starts the ranks inside the job.
    Map<String, String> m = new HashMap<>(Map.of("partition", "debug", "launcher", "mpirun --allow-run-as-root --oversubscribe"));
    m.putAll(extra);
    return slurm.settings(m);
  }

  private static SlurmDoctor.Finding finding(List<SlurmDoctor.Finding> findings, String check) {
    return findings.stream().filter(f -> f.check().equals(check)).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + check + "' in " + findings));
  }

  private static List<Path> children(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    }
  }

  @Test
  void aJobOnTheLocalClusterFindsLammpsAndMpirunAndWritesItsWorkDir(LocalSlurm.Cluster slurm) throws Exception {
    List<SlurmDoctor.Finding> findings = SlurmDoctor.check(settings(slurm, Map.of()), Map.of("PATH", JOB_PATH), dir);
    assertEquals(List.of("connection", "api version", "auth", "partitions", "controller", "job", "job lmp",
        "job mpirun", "job work dir"), findings.stream().map(SlurmDoctor.Finding::check).toList());
    assertTrue(findings.stream().allMatch(SlurmDoctor.Finding::ok), findings.toString());
    assertTrue(finding(findings, "job").detail().matches("probe job \\d+_0 ran \\(queued .* s, ran .* s\\)"),
        finding(findings, "job").detail());
    assertEquals("/usr/bin/lmp (on the job's PATH)", finding(findings, "job lmp").detail());
    assertEquals("/usr/bin/mpirun (on the job's PATH)", finding(findings, "job mpirun").detail());
    assertTrue(finding(findings, "job work dir").detail().startsWith("the job wrote " + dir), findings.toString());
    assertEquals(List.of(), children(dir), "a passing probe leaves nothing behind");
  }

  @Test
  void aJobPathWithoutLammpsIsNamedAndTheProbesFilesAreKept(LocalSlurm.Cluster slurm) throws Exception {
    // A PATH with the launcher but no LAMMPS (the batch script itself runs only bash builtins).
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("mpirun"), Path.of("/usr/bin/mpirun"));
    Path probes = dir.resolve("probes");
    List<SlurmDoctor.Finding> findings = SlurmDoctor.check(settings(slurm, Map.of()), Map.of("PATH", bin.toString()), probes);

    SlurmDoctor.Finding lmp = finding(findings, "job lmp");
    assertFalse(lmp.ok(), findings.toString());
    assertEquals("not found on the job's PATH " + bin + "; jobs get the PATH kakehashi runs with: install lmp on the"
        + " compute nodes or put its directory on that PATH", lmp.detail());
    assertEquals(bin.resolve("mpirun") + " (on the job's PATH)", finding(findings, "job mpirun").detail());
    assertTrue(finding(findings, "job work dir").ok(), findings.toString());
    SlurmDoctor.Finding job = finding(findings, "job");
    assertTrue(job.ok(), "the job itself ran: " + job);
    Path kept = children(probes).get(0);
    assertTrue(job.detail().endsWith("(the probe's files: " + kept + ")"), job.detail());
    assertTrue(Files.readString(kept.resolve("job").resolve(BatchScript.STDOUT)).contains("missing lmp"));
  }

  @Test
  void aProbeStillQueuedWhenItsTimeIsUpIsReportedAndCancelled(LocalSlurm.Cluster slurm) throws Exception {
    try (SlurmClient client = slurm.client()) {
      // A job that holds every CPU of the one node: the probe cannot start behind it.
      Matcher node = Pattern.compile("(?m)^NodeName=.*\\bCPUs=(\\d+)").matcher(Files.readString(slurm.slurmConf()));
      assertTrue(node.find(), "the node's CPUs in " + slurm.slurmConf());
      int cpus = Integer.parseInt(node.group(1));
      long blocker = client.submit(new JobSubmission("#!/bin/bash\nsleep 300\n", "kk-blocker", "", "", dir, "/dev/null",
          "", Map.of("PATH", JOB_PATH), "debug", "", "", 1, 1, cpus, 0, 10, "", ""));
      try {
        awaitState(client, blocker, s -> s == JobState.RUNNING);
        List<SlurmDoctor.Finding> findings = SlurmDoctor.check(settings(slurm, Map.of("probe-timeout", "3s")),
            Map.of("PATH", JOB_PATH), dir.resolve("probes"));
        SlurmDoctor.Finding job = finding(findings, "job");
        assertFalse(job.ok(), findings.toString());
        assertTrue(job.detail().matches("probe job (\\d+)_0 still queued after 3\\.0 s in state PENDING \\(Resources\\);"
            + " cancelled it: jobs may wait that long here, so raise slurm.probe-timeout or pick a partition with free"
            + " nodes \\(slurm.partition\\)"), job.detail());
        assertEquals("job", findings.get(findings.size() - 1).check(), "nothing is said of a job that never ran");
        long probe = Long.parseLong(job.detail().replaceAll("probe job (\\d+)_0 .*", "$1"));
        awaitState(client, probe, JobState::terminal);
        assertEquals(JobState.CANCELLED, client.job(Long.toString(probe)).get(0).state(), "the probe was cancelled");
      } finally {
        client.cancel(Long.toString(blocker));
      }
    }
  }

  private static void awaitState(SlurmClient client, long job, java.util.function.Predicate<JobState> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      List<JobInfo> info = client.arrayOrNothing(job);
      if (!info.isEmpty() && wanted.test(info.get(0).state())) return;
      assertTrue(System.nanoTime() < deadline, "job " + job + " never reached the state: " + info);
      Thread.sleep(200);
    }
  }
}
