package io.kakehashi.executor;

import io.kakehashi.workflow.FailureKind;
import java.time.Duration;
import java.time.Instant;

/**
 * How an attempt ended.
 *
 * @param failure null when the attempt succeeded
 * @param exitCode the program's exit status, -1 when unknown
 * @param message a one-paragraph explanation for a failure, naming what went wrong
 * @param submitted when the executor accepted the task
 * @param started when it began running (after any queue wait)
 * @param ended when it ended
 * @param externalId the executor's own id (Slurm job id), or null
 */
public record TaskResult(FailureKind failure, int exitCode, String message, Instant submitted,
                         Instant started, Instant ended, String externalId) {
  public boolean succeeded() {
    return failure == null;
  }

  public static TaskResult success(Instant submitted, Instant started, Instant ended, String externalId) {
    return new TaskResult(null, 0, "", submitted, started, ended, externalId);
  }

  public static TaskResult failure(FailureKind kind, int exitCode, String message, Instant submitted,
                                   Instant started, Instant ended, String externalId) {
    return new TaskResult(kind, exitCode, message, submitted, started, ended, externalId);
  }

  public Duration queueWait() {
    return submitted == null || started == null ? Duration.ZERO : Duration.between(submitted, started);
  }

  public Duration runTime() {
    return started == null || ended == null ? Duration.ZERO : Duration.between(started, ended);
  }
}
