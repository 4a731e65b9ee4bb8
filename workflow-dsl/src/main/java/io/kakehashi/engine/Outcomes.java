package io.kakehashi.engine;

import io.kakehashi.event.Event;
import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.FailureMode;
import io.kakehashi.workflow.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What executors report, and what follows from it. Reports arrive on any thread and are handed to
 * the engine thread through the {@link Inbox}; there a finished attempt has its outputs checked
 * and published (success), or its failure recorded and, by the step's retry policy, queued to run
 * again after a delay with possibly escalated resources (retry), or the point fails for good.
 */
final class Outcomes implements TaskListener {
  private final RunContext ctx;
  private final Inbox inbox;
  private final WorkDirs workDirs;
  private final Map<Task, PointContext> contexts;

  Outcomes(RunContext ctx, Inbox inbox, WorkDirs workDirs, Map<Task, PointContext> contexts) {
    this.ctx = ctx;
    this.inbox = inbox;
    this.workDirs = workDirs;
    this.contexts = contexts;
  }

  // ---- reports from executors (any thread) ----

  @Override
  public void submitted(Task task, String externalId) {
    inbox.post(() -> {
      if (ctx.running.containsKey(task)) {
        ctx.emit(new Event.PointExternalId(ctx.runId, Instant.now(), task.point(), task.attempt(), externalId));
      }
    });
  }

  @Override
  public void started(Task task) {
    inbox.post(() -> {
      PointRun n = ctx.running.get(task);
      if (n != null && n.state == PointState.SUBMITTED) {
        n.state = PointState.RUNNING;
        ctx.emit(new Event.PointStarted(ctx.runId, Instant.now(), task.point(), task.attempt()));
      }
    });
  }

  @Override
  public void progress(Task task, double fraction) {
    inbox.post(() -> ctx.emit(new Event.PointProgress(ctx.runId, Instant.now(), task.point(), fraction)));
  }

  @Override
  public void finished(Task task, TaskResult result) {
    inbox.post(() -> finishedOnLoop(task, result));
  }

  // ---- on the engine thread ----

  /** Points whose retry delay has passed are ready again. */
  void releaseRetries() {
    long now = System.currentTimeMillis();
    while (!ctx.retries.isEmpty() && ctx.retries.peek().retryAt <= now) ctx.markReady(ctx.retries.poll());
  }

  private void finishedOnLoop(Task task, TaskResult result) {
    PointRun n = ctx.running.remove(task);
    if (n == null) return; // a late report for a task already given up (detached)
    ctx.releaseCores(n);
    PointContext pc = contexts.remove(task);
    if (result.succeeded()) {
      result = publish(n, task, pc, result);
      if (result == null) return;
    }
    if (result.failure() == FailureKind.CANCELLED && inbox.stopRequested()) {
      ctx.emit(new Event.PointFailed(ctx.runId, Instant.now(), n.plan.key(), task.attempt(), n.executor, result, false));
      ctx.skip(n, "cancelled");
      return;
    }
    failed(n, task, result);
  }

  /**
   * Publishes a successful attempt's outputs and ends the point; null when done, else the failure
   * the attempt turned out to be (an output it did not write, outputs that could not be published).
   */
  private TaskResult publish(PointRun n, Task task, PointContext pc, TaskResult result) {
    Step step = n.step.step;
    Path staging = task.workDir();
    boolean hasDir = pc == null || pc.usedWorkDir();
    List<String> missing = hasDir ? WorkDirs.missing(staging, step.outputs()) : step.outputs();
    if (!missing.isEmpty()) {
      return TaskResult.failure(FailureKind.MISSING_OUTPUT, result.exitCode(),
          "step '" + step.name() + "' point " + n.plan.key().index() + " exited normally but did not write "
              + missing + " in " + staging, result.submitted(), result.started(), result.ended(), result.externalId());
    }
    try {
      Path target = hasDir ? workDirs.published(n.plan.key(), n.plan.fingerprint()) : null;
      n.outputs = hasDir ? workDirs.publish(staging, target, step.outputs()) : List.of();
      n.workDir = target;
      n.values = pc == null ? Map.of() : pc.values();
      n.state = PointState.SUCCEEDED;
      ctx.succeeded++;
      // Function attempts are never announced (they die with the engine): the store needs to know.
      boolean announced = !(step.action() instanceof Action.Function);
      ctx.emit(new Event.PointSucceeded(ctx.runId, Instant.now(), n.plan.key(), task.attempt(), n.executor,
          n.plan.fingerprint(), n.workDir == null ? null : n.workDir.toString(), n.outputs, n.values, result, announced));
      ctx.ended(n);
      return null;
    } catch (IOException e) {
      return TaskResult.failure(FailureKind.LAUNCH_ERROR, result.exitCode(),
          "could not publish outputs of step '" + step.name() + "': " + e.getMessage(),
          result.submitted(), result.started(), result.ended(), result.externalId());
    }
  }

  /** The attempt failed: retry by the step's policy while the run still launches, else the point fails for good. */
  private void failed(PointRun n, Task task, TaskResult result) {
    Step step = n.step.step;
    n.failures++;
    boolean retry = ctx.phase.launching() && step.retry().retries(result.failure(), n.failures);
    ctx.emit(new Event.PointFailed(ctx.runId, Instant.now(), n.plan.key(), task.attempt(), n.executor, result, retry));
    if (retry) {
      n.resources = step.retry().escalate(n.resources, result.failure());
      n.state = PointState.RETRY_WAIT;
      n.retryAt = System.currentTimeMillis() + step.retry().delayBefore(n.failures + 1).toMillis();
      ctx.retries.add(n);
      return;
    }
    n.state = PointState.FAILED;
    ctx.failed++;
    ctx.failures.add(step.name() + "[" + n.plan.key().index() + "] " + n.plan.params() + ": " + result.failure()
        + ": " + result.message());
    ctx.ended(n);
    if (ctx.workflow.failureMode() == FailureMode.STOP_ALL && ctx.phase == RunPhase.RUNNING) ctx.phase = RunPhase.FAILING;
  }
}
