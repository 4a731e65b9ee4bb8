package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cluster keeps a record of what ran without slurmdbd: {@code scripts/slurm-local.sh}
 * sets {@code JobCompType=jobcomp/filetxt}, so slurmctld appends one line per finished job to
 * {@code JobCompLoc}, and {@code sacct -c} reads that file back.
 */
@ExtendWith(LocalSlurm.class)
class JobCompletionLogTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  @Test
  void aJobTheExecutorRanIsInTheCompletionLogAndInSacctCompletion(LocalSlurm.Cluster slurm) throws Exception {
    String conf = Files.readString(slurm.slurmConf());
    assertTrue(conf.contains("\nJobCompType=jobcomp/filetxt\n"), conf);
    Matcher loc = Pattern.compile("(?m)^JobCompLoc=(\\S+)$").matcher(conf);
    assertTrue(loc.find(), "JobCompLoc in " + slurm.slurmConf());
    Path log = Path.of(loc.group(1));

    String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
    Task t = Points.command(dir, runId, "comp", 0, Resources.DEFAULT.withMemoryMb(100).withWalltime(Duration.ofMinutes(2)),
        "/bin/sh", "-c", "exit 3");
    Points.Recorder rec = new Points.Recorder(1);
    try (SlurmExecutor ex = slurm.executor(Map.of())) {
      ex.submit(List.of(t), rec);
      TaskResult r = rec.await(WAIT).get(t);
      assertEquals(3, r.exitCode(), r.message());
    }
    String id = rec.ids.get(t);
    assertTrue(id.matches("\\d+_\\d+"), id);
    String[] array = id.split("_");

    // slurmctld writes the line when the job ends, which may be a moment after the exit marker.
    String line = awaitLine(log, "ArrayJobId=" + array[0] + " ArrayTaskId=" + array[1] + " ");
    assertTrue(line.contains(" JobState=FAILED "), line);
    assertTrue(line.contains(" ExitCode=3:0"), line);
    assertTrue(line.contains(" WorkDir="), line);
    Matcher job = Pattern.compile("^JobId=(\\d+) ").matcher(line);
    assertTrue(job.find(), line);

    // sacct reads the same file (JobCompLoc from slurm.conf) with -c; it lists each element by its own job id.
    // 22.05's reader does not know the ArrayJobId/ArrayTaskId keys its writer adds and says so on stderr.
    ProcessBuilder pb = new ProcessBuilder("sacct", "-c", "-n", "-P", "-S", "2000-01-01", "-o", "jobid,state,exitcode",
        "-j", job.group(1)).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("SLURM_CONF", slurm.slurmConf().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertEquals(job.group(1) + "|FAILED|3:0", out.strip());
  }

  private static String awaitLine(Path log, String part) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Optional<String> line = Files.exists(log)
          ? Files.readAllLines(log).stream().filter(l -> l.contains(part)).findFirst() : Optional.empty();
      if (line.isPresent()) return line.get();
      assertTrue(System.nanoTime() < deadline, "no line with '" + part + "' in " + log + " within 30 s");
      Thread.sleep(200);
    }
  }
}
