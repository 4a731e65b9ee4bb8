package io.kakehashi.slurm;

import java.time.Instant;

/**
 * What slurmctld says about one job or one element of a job array.
 *
 * @param jobId Slurm's id of this record
 * @param arrayJobId the array's id (equal to {@code jobId} for the array's own record), 0 if no array
 * @param arrayTaskId the element's index, or -1 for a record standing for pending elements
 * @param pendingTasks for such a record, the pending indices as Slurm writes them ({@code 2-9%4}); else empty
 * @param exitCode the batch script's exit status, -1 when unknown
 * @param submitted when submitted, null when unknown (likewise {@code started} and {@code ended})
 */
public record JobInfo(long jobId, long arrayJobId, int arrayTaskId, String pendingTasks, String name,
                      String comment, JobState state, String stateReason, int exitCode,
                      Instant submitted, Instant started, Instant ended) {
  public JobInfo {
    pendingTasks = pendingTasks == null ? "" : pendingTasks;
    name = name == null ? "" : name;
    comment = comment == null ? "" : comment;
    stateReason = stateReason == null ? "" : stateReason;
  }

  /** Slurm's notation for this element, {@code 1234_5}, or the plain job id. */
  public String displayId() {
    if (arrayJobId == 0) return Long.toString(jobId);
    return arrayTaskId >= 0 ? arrayJobId + "_" + arrayTaskId : arrayJobId + "_[" + pendingTasks + "]";
  }
}
