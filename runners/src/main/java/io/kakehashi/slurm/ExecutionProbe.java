package io.kakehashi.slurm;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PointKey;
import io.kakehashi.slurm.SlurmDoctor.Finding;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The doctor's proof that jobs can do a step's work, not just that slurmrestd answers: one tiny
 * job, submitted by the executor runs use (same batch script, same job environment, same work
 * directory layout), that looks for {@code lmp} and the MPI launcher on the job's PATH and writes
 * its work directory, which this side then reads back (so a work root the nodes do not share
 * shows too). Its wait is bounded by {@code slurm.probe-timeout}; a job still queued then is
 * reported as queued too long and cancelled. A passing probe's directory is removed, a failing
 * one's kept and named.
 */
final class ExecutionProbe {
  /** The programs a campaign's MPI steps run inside jobs: LAMMPS and the launcher that starts it. */
  static final String LAMMPS = "lmp";
  private static final String WRITTEN = "probe.txt";
  // Only bash builtins, so that it runs whatever the job's PATH holds; it says what it found, one
  // line per program, then writes its work dir. The exit status is 0 unless that write failed.
  private static final String SCRIPT = """
      for p in "$@"; do
        if w=$(command -v -- "$p"); then echo "found $p $w"; else echo "missing $p"; fi
      done
      echo "path $PATH"
      echo "written by Slurm job $SLURM_JOB_ID on $HOSTNAME" > %s || exit 3
      echo "wrote $PWD"
      """.formatted(WRITTEN);

  private ExecutionProbe() {}

  /**
   * Runs the probe through {@code executor} in a new directory under {@code root}.
   *
   * @return the findings {@code job}, {@code job <program>} for each program and {@code job work dir}
   */
  static List<Finding> run(SlurmExecutor executor, SlurmConfig config, Path root) {
    List<String> programs = new ArrayList<>(new LinkedHashSet<>(List.of(LAMMPS, Path.of(config.launcher().get(0))
        .getFileName().toString())));
    String id = "probe-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    Path dir = root.toAbsolutePath().resolve(id);
    Path workDir = dir.resolve("job");
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      return List.of(new Finding("job", false, "cannot create the probe's directory " + workDir + " on this side: " + e));
    }
    List<String> argv = new ArrayList<>(List.of("/bin/bash", "-c", SCRIPT, "probe"));
    argv.addAll(programs);
    Task task = new Task("doctor", new PointKey("probe", 0), 1, id, new Action.Command(argv), argv, Params.EMPTY,
        workDir, Map.of(), Resources.DEFAULT.withWalltime(Duration.ofMinutes(1)), Duration.ZERO, "doctor/" + id, null);
    Outcome outcome = new Outcome();
    executor.submit(List.of(task), outcome);
    TaskResult result = outcome.await(config.probeTimeout());
    List<Finding> out = new ArrayList<>();
    if (result == null) {
      out.add(new Finding("job", false, tooLong(executor, outcome.jobId, config.probeTimeout(), dir)));
      executor.cancel(List.of(task));
      return out;
    }
    Map<String, String> said = lines(workDir.resolve(BatchScript.STDOUT));
    boolean wrote = said.containsKey("wrote") && Files.isRegularFile(workDir.resolve(WRITTEN));
    out.add(new Finding("job", result.succeeded(), result.succeeded()
        ? "probe job " + result.externalId() + " ran (queued " + seconds(result.queueWait()) + ", ran "
            + seconds(result.runTime()) + ")"
        : result.message()));
    if (said.containsKey("path")) {
      for (String p : programs) {
        String found = said.get("found " + p);
        out.add(new Finding("job " + p, found != null, found != null ? found + " (on the job's PATH)"
            : "not found on the job's PATH " + said.get("path") + "; jobs get the PATH kakehashi runs with:"
                + " install " + p + " on the compute nodes or put its directory on that PATH"));
      }
    }
    out.add(new Finding("job work dir", wrote, wrote ? "the job wrote " + workDir + " and it reads back here"
        : "the job could not write " + workDir + " (or this side cannot see what it wrote): the work root must be"
            + " writable on the compute nodes and shared with this host" + slurmSaid(dir)));
    if (out.stream().allMatch(Finding::ok)) deleteQuietly(dir);
    else out.set(0, withFiles(out.get(0), dir));
    return out;
  }

  private static String tooLong(SlurmExecutor executor, String jobId, Duration timeout, Path dir) {
    if (jobId == null) {
      return "probe job not submitted within " + seconds(timeout) + " (slurm.probe-timeout)";
    }
    String state = "";
    try {
      List<JobInfo> info = executor.client().arrayOrNothing(Long.parseLong(jobId.split("_")[0]));
      if (!info.isEmpty()) {
        JobInfo j = info.get(0);
        state = " in state " + j.state() + (j.stateReason().isEmpty() || j.stateReason().equals("None") ? ""
            : " (" + j.stateReason() + ")");
        if (j.state().started()) {
          return "probe job " + jobId + " still running after " + seconds(timeout) + state
              + "; cancelled it (its files: " + dir + ")";
        }
      }
    } catch (SlurmException e) {
      state = " (its state could not be read: " + e.getMessage() + ")";
    }
    return "probe job " + jobId + " still queued after " + seconds(timeout) + state + "; cancelled it: jobs may"
        + " wait that long here, so raise slurm.probe-timeout or pick a partition with free nodes (slurm.partition)";
  }

  /** The lines the probe printed, by their first word(s): "found lmp" maps to the path, "missing lmp" to "". */
  private static Map<String, String> lines(Path stdout) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(stdout)) return out;
    try {
      for (String line : Files.readAllLines(stdout)) {
        String[] w = line.split(" ", 3);
        if (w[0].equals("found") && w.length == 3) out.put("found " + w[1], w[2]);
        else if (w[0].equals("missing") && w.length == 2) out.put("missing " + w[1], "");
        else if (w[0].equals("path") || w[0].equals("wrote")) out.put(w[0], line.substring(w[0].length()).strip());
      }
    } catch (IOException e) {
      // read as nothing said: the work-dir finding reports it
    }
    return out;
  }

  /** The first lines of Slurm's own output of the element (bash's errors land there when the work dir fails). */
  private static String slurmSaid(Path dir) {
    try (Stream<Path> logs = Files.list(dir.resolve(IntentFiles.LOG_DIR))) {
      for (Path log : logs.sorted().toList()) {
        String text = Files.readString(log).strip();
        if (!text.isEmpty()) return "; Slurm's output: " + text.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("");
      }
    } catch (IOException e) {
      // no output written or readable: nothing to add
    }
    return "";
  }

  private static Finding withFiles(Finding f, Path dir) {
    return new Finding(f.check(), f.ok(), f.detail() + " (the probe's files: " + dir + ")");
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover probe directory costs a few bytes
    }
  }

  /** The one task's reports. */
  private static final class Outcome implements TaskListener {
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile String jobId;
    private volatile TaskResult result;

    @Override
    public void submitted(Task task, String externalId) {
      jobId = externalId;
    }

    @Override
    public void finished(Task task, TaskResult r) {
      result = r;
      done.countDown();
    }

    TaskResult await(Duration timeout) {
      try {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? result : null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
