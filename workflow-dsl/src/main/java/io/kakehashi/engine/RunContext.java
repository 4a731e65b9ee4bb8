package io.kakehashi.engine;

import io.kakehashi.event.Event;
import io.kakehashi.executor.Task;
import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Workflow;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The state of one execution of a run, shared by its planner, dispatcher and outcome handling,
 * and the moves of points through the graph that all of them make (ready, skipped, ended). All
 * of it is touched by the engine thread only.
 */
final class RunContext {
  final String runId;
  final Workflow workflow;
  final boolean resumed;
  final EventStream events;
  private final WorkDirs workDirs;
  final Map<String, StepRun> steps = new LinkedHashMap<>();
  /** Ready points by step, in the order they became ready. */
  final Map<String, ArrayDeque<PointRun>> ready = new LinkedHashMap<>();
  final PriorityQueue<PointRun> retries = new PriorityQueue<>((a, b) -> Long.compare(a.retryAt, b.retryAt));
  /** The attempts handed to executors and not yet finished. */
  final Map<Task, PointRun> running = new IdentityHashMap<>();
  private final Map<String, Integer> coresInUse = new HashMap<>();
  /** One line per point that failed for good. */
  final List<String> failures = new ArrayList<>();
  int succeeded;
  int cached;
  int failed;
  int skipped;
  RunPhase phase = RunPhase.RUNNING;
  /** Called when every point of a step has ended: steps waiting for it may now be planned. */
  private Runnable stepEnded = () -> {};

  RunContext(String runId, Workflow workflow, boolean resumed, EventStream events, WorkDirs workDirs) {
    this.runId = runId;
    this.workflow = workflow;
    this.resumed = resumed;
    this.events = events;
    this.workDirs = workDirs;
    for (Step s : workflow.steps().values()) steps.put(s.name(), new StepRun(s));
  }

  void onStepEnded(Runnable r) {
    this.stepEnded = r;
  }

  void emit(Event e) {
    events.emit(e);
  }

  PointRun point(PointKey key) {
    return steps.get(key.step()).points.get(key.index());
  }

  int coresInUse(String executor) {
    return coresInUse.getOrDefault(executor, 0);
  }

  void takeCores(String executor, int cores) {
    coresInUse.merge(executor, cores, Integer::sum);
  }

  void releaseCores(PointRun n) {
    coresInUse.merge(n.executor, -n.resources.cores(), Integer::sum);
  }

  void markReady(PointRun n) {
    n.state = PointState.READY;
    ready.computeIfAbsent(n.step.step.name(), k -> new ArrayDeque<>()).add(n);
  }

  /** A point reached an end state: release or skip what depends on it, plan steps that became plannable. */
  void ended(PointRun n) {
    removeInterruptedStaging(n);
    n.step.remaining--;
    boolean ok = n.done();
    for (PointRun d : n.dependents) {
      if (d.ended()) continue;
      if (!ok) {
        skip(d, "upstream " + n.plan.key() + " failed");
      } else if (--d.waitingOn == 0 && d.state == PointState.WAITING) {
        markReady(d);
      }
    }
    if (n.step.remaining == 0) stepEnded.run();
  }

  void skip(PointRun n, String reason) {
    if (n.ended()) return;
    n.state = PointState.SKIPPED;
    skipped++;
    emit(new Event.PointSkipped(runId, Instant.now(), n.plan.key(), reason));
    n.step.remaining--;
    for (PointRun d : n.dependents) skip(d, "upstream " + n.plan.key() + " did not complete");
  }

  /** Skips every point that has not ended and does not run; nothing is ready or retried after. */
  void skipUnfinished(String why) {
    for (StepRun s : steps.values()) {
      if (!s.planned()) continue;
      for (PointRun n : s.points) {
        if (!n.ended() && !running.containsValue(n)) skip(n, why);
      }
    }
    ready.clear();
    retries.clear();
  }

  /**
   * Staging directories of the point's killed or cancelled attempts hold nothing but partial
   * output (their processes are gone, and the next attempt's logs are what 'logs' shows), so
   * they go once the point ends; its failed attempts' directories stay for their logs.
   */
  private void removeInterruptedStaging(PointRun n) {
    if (n.interrupted == null) return;
    for (int a : n.interrupted) {
      try {
        WorkDirs.deleteTree(workDirs.staging(n.plan.key(), n.plan.fingerprint(), a));
      } catch (IOException e) {
        emit(new Event.RunNote(runId, Instant.now(), "cleanup", "could not remove the staging directory of "
            + n.plan.key() + " attempt " + a + ": " + e.getMessage()));
      }
    }
    n.interrupted = null;
  }
}
