package io.kakehashi.executor;

import io.kakehashi.workflow.Action;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one SPI through which the engine runs work: a local process pool, Slurm via slurmrestd and
 * the in-process function runner all implement it. The engine hands over all ready points of a
 * step at once so that an executor can batch them (a Slurm job array).
 */
public interface Executor extends AutoCloseable {
  /** The configuration name, such as {@code local} or {@code slurm}. */
  String name();

  /** Whether this executor can run the action (Slurm cannot run in-process Java functions). */
  boolean supports(Action action);

  /**
   * Starts the tasks, which all belong to one step, and returns without waiting. Each task ends
   * in exactly one {@link TaskListener#finished} call, also when it could not be started.
   */
  void submit(List<Task> tasks, TaskListener listener);

  /**
   * Follows tasks that an earlier engine process submitted and recorded as in flight. The executor
   * finds them by {@link Task#externalId()} or {@link Task#tag()}; it returns those it cannot
   * find and that have left no exit marker, which the engine then submits afresh.
   */
  default List<Task> reattach(List<Task> tasks, TaskListener listener) {
    return tasks;
  }

  /** Stops the given tasks; each still ends with a {@link TaskListener#finished} call. */
  void cancel(Collection<Task> tasks);

  /** The cores this executor can run at once, or {@link Integer#MAX_VALUE} when a scheduler decides. */
  default int capacity() {
    return Integer.MAX_VALUE;
  }

  /** Counters worth reporting (REST requests made, jobs submitted...). */
  default Map<String, Long> statistics() {
    return Map.of();
  }

  /** Releases resources. Tasks still running are left alone: a {@code resume} re-attaches to them. */
  @Override
  void close();
}
