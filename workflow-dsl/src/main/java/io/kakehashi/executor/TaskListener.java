package io.kakehashi.executor;

/**
 * How executors report back. Calls may come from any thread; the engine serialises them.
 * Every task handed to an executor must end in exactly one {@link #finished} call.
 */
public interface TaskListener {
  /** The executor has an id for the task (for Slurm: the job id), recorded before anything else happens. */
  default void submitted(Task task, String externalId) {}

  /** The task began running. */
  default void started(Task task) {}

  /** Progress in [0,1], as reported by the running task. */
  default void progress(Task task, double fraction) {}

  void finished(Task task, TaskResult result);
}
