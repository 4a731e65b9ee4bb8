package io.kakehashi.workflow;

/** Why an attempt failed, in terms common to every executor. Retry policies select on these. */
public enum FailureKind {
  /** The program exited with a non-zero status. */
  EXIT_CODE,
  /** The walltime or the step's timeout was reached. */
  TIMEOUT,
  OUT_OF_MEMORY,
  NODE_FAIL,
  PREEMPTED,
  CANCELLED,
  BOOT_FAIL,
  DEADLINE,
  /** The program could not be started (missing executable, unwritable work dir). */
  LAUNCH_ERROR,
  /** The program succeeded but did not write a declared output. */
  MISSING_OUTPUT,
  /** The executor lost track of the attempt and no exit marker says how it ended. */
  LOST,
  /** The executor itself failed (for example slurmrestd kept refusing requests). */
  EXECUTOR_ERROR
}
