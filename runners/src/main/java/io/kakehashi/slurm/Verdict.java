package io.kakehashi.slurm;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.FailureKind;
import java.time.Instant;

/** How a point ended: its exit marker first, then Slurm's state; never success without a marker. */
final class Verdict {
  private Verdict() {}

  /**
   * @param info Slurm's record of the point's element, null when slurmctld no longer knows it
   * @param id the element id ({@code 1234_5}), or null if the point was never submitted
   * @param marker the exit status the batch script wrote, null if none
   */
  static TaskResult of(Task t, JobInfo info, String id, Instant submitted, Integer marker) {
    Instant started = info == null ? null : info.started();
    Instant ended = info == null || info.ended() == null ? Instant.now() : info.ended();
    FailureKind slurmKind = info == null ? null : info.state().failureKind();
    String state = info == null ? "no longer known to slurmctld" : "state " + info.state()
        + (info.stateReason().isEmpty() || info.stateReason().equals("None") ? "" : " (" + info.stateReason() + ")");
    if (marker != null) {
      if (marker == 0) return TaskResult.success(submitted, started, ended, id);
      FailureKind kind = slurmKind != null && slurmKind != FailureKind.EXIT_CODE ? slurmKind : FailureKind.EXIT_CODE;
      return TaskResult.failure(kind, marker, "step " + t.point() + ": exited with status " + marker
          + " (Slurm job " + id + ", " + state + "; see " + t.workDir().resolve(BatchScript.STDERR) + ")",
          submitted, started, ended, id);
    }
    if (info == null) {
      return TaskResult.failure(FailureKind.LOST, -1, "step " + t.point() + ": Slurm job " + id
          + " is no longer known to slurmctld and left no exit marker in " + t.workDir()
          + "; it did not finish as far as anyone can tell", submitted, started, ended, id);
    }
    if (slurmKind == null) {
      return TaskResult.failure(FailureKind.LOST, -1, "step " + t.point() + ": Slurm job " + id + " ended in "
          + state + " but the point left no exit marker in " + t.workDir(), submitted, started, ended, id);
    }
    String why = switch (slurmKind) {
      case TIMEOUT -> "reached its time limit";
      case OUT_OF_MEMORY -> "ran out of memory";
      case CANCELLED -> "was cancelled";
      case NODE_FAIL -> "lost its node";
      case PREEMPTED -> "was preempted";
      case BOOT_FAIL -> "could not boot its node";
      case DEADLINE -> "missed its deadline";
      default -> "failed";
    };
    return TaskResult.failure(slurmKind, info.exitCode(), "step " + t.point() + ": Slurm job " + id + " "
        + why + " (" + state + ")", submitted, started, ended, id);
  }
}
