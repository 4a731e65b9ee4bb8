package io.kakehashi.event;

import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PlannedPoint;
import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything that happens in a run, as one stream. The run store, the CLI's progress line and
 * the report all consume these same events; the store sees each batch first and makes it durable
 * before anyone else is told, so a completion that was shown is never lost.
 */
public sealed interface Event {
  String runId();

  Instant time();

  /**
   * A run began (or a resume of it).
   *
   * @param dag each step's upstream steps, in topological order, for reports
   */
  record RunStarted(String runId, Instant time, String workflow, boolean resumed,
                    Map<String, List<String>> dag) implements Event {}

  /**
   * A step's points are known; for dynamic sweeps this happens once the source step finished.
   *
   * @param reasons per point, why it will run ("param:x changed"...), or null where it is reused
   */
  record StepPlanned(String runId, Instant time, String step, List<PlannedPoint> points, List<String> reasons)
      implements Event {}

  /** The point's fingerprint matched a completed result: it will not run. */
  record PointCached(String runId, Instant time, PointKey point, String fingerprint, String fromRun) implements Event {}

  /**
   * The engine is about to hand an attempt to an executor that runs it outside the engine
   * (recorded before the hand-over, so a restarted engine knows to look for it). In-process
   * attempts die with the engine and are recorded when they end.
   */
  record PointSubmitted(String runId, Instant time, PointKey point, int attempt, String executor,
                        Resources resources) implements Event {}

  /** The executor's own id for the attempt, such as a Slurm job id. */
  record PointExternalId(String runId, Instant time, PointKey point, int attempt, String externalId) implements Event {}

  record PointStarted(String runId, Instant time, PointKey point, int attempt) implements Event {}

  record PointProgress(String runId, Instant time, PointKey point, double fraction) implements Event {}

  /**
   * An attempt succeeded and its outputs are published in {@code workDir}.
   *
   * @param announced whether a {@link PointSubmitted} announced the attempt; in-process attempts
   *     are not announced, so the store may have no row for them yet
   */
  record PointSucceeded(String runId, Instant time, PointKey point, int attempt, String executor, String fingerprint,
                        String workDir, List<OutputFile> outputs, Map<String, Object> values,
                        TaskResult result, boolean announced) implements Event {}

  /** An attempt failed; {@code willRetry} says whether another attempt follows. */
  record PointFailed(String runId, Instant time, PointKey point, int attempt, String executor, TaskResult result,
                     boolean willRetry) implements Event {}

  /** A point will not run because something it depends on failed, or the run was stopped. */
  record PointSkipped(String runId, Instant time, PointKey point, String reason) implements Event {}

  /** A free-form line worth keeping with the run (a warning, a statistic). */
  record RunNote(String runId, Instant time, String key, String message) implements Event {}

  record RunFinished(String runId, Instant time, RunState state, Map<String, Long> statistics) implements Event {}
}
