package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.slurm.LocalSlurm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kakehashi doctor -C executor=slurm} against the real local Slurm 22.05: beyond slurmrestd's
 * answers, a probe job proves that jobs find {@code lmp} and {@code mpirun} and write their work
 * dir, one line each.
 */
@ExtendWith(LocalSlurm.class)
class DoctorSlurmTest {
  @TempDir Path dir;

  private CliRun doctor(LocalSlurm.Cluster slurm, String... more) {
    List<String> args = new ArrayList<>(List.of("doctor", "-C", "executor=slurm"));
    // Debian's OpenMPI has no Slurm PMI: its mpirun starts the ranks inside the job.
    slurm.settings(Map.of("launcher", "mpirun --allow-run-as-root --oversubscribe"))
        .forEach((k, v) -> args.addAll(List.of("-C", "slurm." + k + "=" + v)));
    args.addAll(List.of(more));
    return CliRun.of(dir.resolve("home"), args.toArray(String[]::new));
  }

  /** A line of doctor's output as it prints it. */
  private static String line(String ok, String what, String detail) {
    return String.format("%s %-24s %s", ok, what, detail);
  }

  @Test
  void aProbeJobShowsTheExecutionSideWorks(LocalSlurm.Cluster slurm) {
    CliRun r = doctor(slurm);
    assertEquals(Main.OK, r.code(), r.out() + r.err());
    assertTrue(r.out().matches("(?s).*\n" + line("ok  ", "slurm job", "probe job \\d+_0 ran \\(queued .*")), r.out());
    assertTrue(r.out().contains(line("ok  ", "slurm job lmp", "/usr/bin/lmp (on the job's PATH)\n")), r.out());
    assertTrue(r.out().contains(line("ok  ", "slurm job mpirun", "/usr/bin/mpirun (on the job's PATH)\n")), r.out());
    assertTrue(r.out().contains(line("ok  ", "slurm job work dir", "the job wrote " + dir.resolve("home/work/doctor"))),
        r.out());
    assertTrue(r.out().endsWith("all checks passed\n"), r.out());
  }

  @Test
  void aWorkRootTheProbeCannotUseIsAProblemNamed(LocalSlurm.Cluster slurm) {
    CliRun r = doctor(slurm, "-C", "work=/proc/kakehashi-work");
    assertEquals(Main.RUN_FAILED, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(line("FAIL", "slurm job", "cannot create the probe's directory"
        + " /proc/kakehashi-work/doctor/probe-")), r.out());
    assertTrue(r.out().endsWith("1 problem(s): [slurm job]\n"), r.out());
  }
}
