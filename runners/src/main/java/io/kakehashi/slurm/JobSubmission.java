package io.kakehashi.slurm;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One batch job (usually an array) as slurmrestd receives it. Optional text fields are empty
 * when unset, optional counts 0.
 *
 * @param script the batch script, starting with {@code #!}
 * @param array the array index specification ({@code 0-99%10}), empty for a plain job
 * @param environment the job's environment; Slurm starts it with nothing else, so include PATH
 * @param timeLimitMinutes always sent: without it a job may get a year or no limit at all
 * @param gres generic resources per node such as {@code gpu:2}
 */
public record JobSubmission(String script, String name, String comment, String array, Path workDir,
                            String standardOutput, String standardError,
                            Map<String, String> environment, String partition, String account,
                            String qos, int nodes, int tasks, int cpusPerTask, long memoryMb,
                            int timeLimitMinutes, String gres, String constraint) {
  public JobSubmission {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(workDir, "workDir");
    if (!script.startsWith("#!")) throw new IllegalArgumentException("a batch script must start with #!");
    if (timeLimitMinutes < 1) {
      throw new IllegalArgumentException("time limit must be at least 1 minute, got " + timeLimitMinutes);
    }
    environment = Map.copyOf(environment);
    if (!environment.containsKey("PATH")) {
      throw new IllegalArgumentException("the job environment needs PATH (Slurm starts jobs with no other)");
    }
    name = orEmpty(name);
    comment = orEmpty(comment);
    array = orEmpty(array);
    standardOutput = orEmpty(standardOutput);
    standardError = orEmpty(standardError);
    partition = orEmpty(partition);
    account = orEmpty(account);
    qos = orEmpty(qos);
    gres = orEmpty(gres);
    constraint = orEmpty(constraint);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Leaves the environment's values out, as they may hold credentials. */
  @Override
  public String toString() {
    return "JobSubmission[name=" + name + ", comment=" + comment + ", array=" + array + ", workDir="
        + workDir + ", partition=" + partition + ", tasks=" + tasks + ", cpusPerTask=" + cpusPerTask
        + ", timeLimitMinutes=" + timeLimitMinutes + ", environment=" + environment.keySet() + "]";
  }
}
