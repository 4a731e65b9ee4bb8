package io.kakehashi.engine;

import io.kakehashi.event.Event;
import io.kakehashi.executor.Executor;
import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands ready points to executors as their capacity allows. Each step goes to one executor
 * (function steps in-process, others by route or the default); a point is taken while its cores
 * fit beside those its executor already runs, and always when the executor runs nothing. An
 * attempt a killed engine left in flight is re-attached to, not started again, where its
 * executor can still find it. Builds each attempt's {@link Task}: the expanded arguments, its
 * staging directory and, for function steps, the {@link PointContext} they read their inputs from.
 */
final class Dispatcher {
  private final RunContext ctx;
  private final Routes routes;
  private final WorkDirs workDirs;
  private final Map<Task, PointContext> contexts;
  private final TaskListener reports;
  private boolean cancelSent;

  Dispatcher(RunContext ctx, Routes routes, WorkDirs workDirs, Map<Task, PointContext> contexts, TaskListener reports) {
    this.ctx = ctx;
    this.routes = routes;
    this.workDirs = workDirs;
    this.contexts = contexts;
    this.reports = reports;
  }

  /** A step that needs more cores than its executor has can never run: say so before starting. */
  void checkCapacity() {
    for (StepRun s : ctx.steps.values()) {
      Executor e = routes.executorFor(s.step);
      if (s.step.resources().cores() > e.capacity()) {
        throw new EngineException("step '" + s.step.name() + "' needs " + s.step.resources().cores()
            + " cores but executor '" + e.name() + "' has " + e.capacity());
      }
    }
  }

  void dispatch() {
    if (ctx.ready.isEmpty()) return;
    List<Runnable> submissions = new ArrayList<>();
    Iterator<Map.Entry<String, ArrayDeque<PointRun>>> it = ctx.ready.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, ArrayDeque<PointRun>> e = it.next();
      Executor executor = routes.executorFor(ctx.steps.get(e.getKey()).step);
      List<Task> fresh = new ArrayList<>();
      List<Task> reattach = new ArrayList<>();
      ArrayDeque<PointRun> queue = e.getValue();
      takeWhatFits(executor, queue, fresh, reattach);
      if (queue.isEmpty()) it.remove();
      if (!reattach.isEmpty()) submissions.add(() -> reattach(executor, reattach));
      if (!fresh.isEmpty()) submissions.add(() -> executor.submit(fresh, reports));
    }
    // Intent first, then the hand-over: a crash in between is seen by resume as an in-flight attempt.
    ctx.events.flush();
    for (Runnable r : submissions) r.run();
  }

  /** Takes points off {@code queue} while their cores fit, as new attempts or attempts to re-attach to. */
  private void takeWhatFits(Executor executor, ArrayDeque<PointRun> queue, List<Task> fresh, List<Task> reattach) {
    int capacity = executor.capacity();
    while (!queue.isEmpty()) {
      PointRun n = queue.peek();
      if (n.state != PointState.READY) { // skipped while it waited
        queue.poll();
        continue;
      }
      int cores = n.resources.cores();
      int used = ctx.coresInUse(executor.name());
      if (capacity != Integer.MAX_VALUE && used > 0 && used + cores > capacity) break;
      queue.poll();
      ctx.takeCores(executor.name(), cores);
      n.executor = executor.name();
      if (n.inFlight != null && n.inFlight.executor() != null && n.inFlight.executor().equals(executor.name())) {
        Task t = task(n, n.inFlight.attempt(), n.inFlight.externalId(), false);
        n.inFlight = null;
        if (t != null) reattach.add(t);
      } else {
        n.inFlight = null;
        Task t = task(n, n.attempt + 1, null, true);
        if (t != null) fresh.add(t);
      }
    }
  }

  private void reattach(Executor executor, List<Task> tasks) {
    List<Task> lost = executor.reattach(tasks, reports);
    if (lost.isEmpty()) return;
    // The executor could not find these: run them again as new attempts.
    List<Task> again = new ArrayList<>();
    for (Task t : lost) {
      PointRun n = ctx.running.remove(t);
      contexts.remove(t);
      // The attempt ended with the engine that launched it: record that before the next one.
      Instant now = Instant.now();
      ctx.emit(new Event.PointFailed(ctx.runId, now, t.point(), t.attempt(), executor.name(),
          TaskResult.failure(FailureKind.LOST, -1, "gone when the run resumed; running it again", null, null,
              now, t.externalId()), true));
      if (n.interrupted == null) n.interrupted = new ArrayList<>(1);
      n.interrupted.add(t.attempt());
      Task nt = task(n, t.attempt() + 1, null, true);
      if (nt != null) again.add(nt);
    }
    ctx.events.flush();
    if (!again.isEmpty()) executor.submit(again, reports);
  }

  /** Tells the executors to cancel every running attempt; once per run. */
  void cancelRunning() {
    if (cancelSent) return;
    cancelSent = true;
    Map<Executor, List<Task>> byExecutor = new HashMap<>();
    for (Map.Entry<Task, PointRun> e : ctx.running.entrySet()) {
      byExecutor.computeIfAbsent(routes.named(e.getValue().executor), k -> new ArrayList<>()).add(e.getKey());
    }
    byExecutor.forEach(Executor::cancel);
  }

  /** Builds the task for an attempt; null if it could not even be prepared (the point has then failed or retries). */
  private Task task(PointRun n, int attempt, String externalId, boolean announce) {
    Step step = n.step.step;
    PointKey key = n.plan.key();
    Path staging = workDirs.staging(key, n.plan.fingerprint(), attempt);
    boolean function = step.action() instanceof Action.Function;
    Instant now = Instant.now();
    n.attempt = attempt;
    if (announce && !function) {
      ctx.emit(new Event.PointSubmitted(ctx.runId, now, key, attempt, n.executor, n.resources));
    }
    List<String> argv;
    Map<String, PointContext.InputData> inputs = inputsOf(n);
    try {
      argv = function ? List.of() : Templates.expand(step, n.plan.params(), inputs, staging);
      if (!function && announce) workDirs.prepare(staging);
    } catch (IOException | IllegalArgumentException e) {
      String msg = e instanceof IOException
          ? "cannot prepare work dir " + staging + ": " + e.getMessage()
          : e.getMessage();
      Task t = new Task(ctx.runId, key, attempt, n.plan.fingerprint(), step.action(), List.of(), n.plan.params(),
          staging, step.environment(), n.resources, step.timeout(), tag(n), null);
      ctx.running.put(t, n);
      n.state = PointState.SUBMITTED;
      reports.finished(t, TaskResult.failure(FailureKind.LAUNCH_ERROR, -1, msg, now, null, Instant.now(), null));
      return null;
    }
    Task t = new Task(ctx.runId, key, attempt, n.plan.fingerprint(), step.action(), argv, n.plan.params(), staging,
        step.environment(), n.resources, step.timeout(), tag(n), externalId);
    if (function) {
      contexts.put(t, new PointContext(step.name(), key.index(), n.plan.params(), staging, inputs,
          f -> reports.progress(t, f)));
    }
    n.state = PointState.SUBMITTED;
    ctx.running.put(t, n);
    return t;
  }

  /** The executor's tag for an attempt (a Slurm job name): the run and the point's fingerprint. */
  private String tag(PointRun n) {
    return "kh-" + ctx.runId + "-" + n.plan.fingerprint().substring(0, 16);
  }

  /** What a point reads: per input, the files, values and parameters of the upstream points. */
  private Map<String, PointContext.InputData> inputsOf(PointRun n) {
    if (n.plan.inputs().isEmpty()) return Map.of();
    Map<String, PointContext.InputData> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<PointKey>> e : n.plan.inputs().entrySet()) {
      String output = n.step.step.inputs().get(e.getKey()).output();
      List<Path> files = new ArrayList<>(e.getValue().size());
      List<Map<String, Object>> values = new ArrayList<>(e.getValue().size());
      List<Params> params = new ArrayList<>(e.getValue().size());
      for (PointKey k : e.getValue()) {
        PointRun up = ctx.point(k);
        if (output != null) files.add(up.workDir.resolve(output));
        values.add(up.values);
        params.add(up.plan.params());
      }
      out.put(e.getKey(), new PointContext.InputData(files, values, params));
    }
    return out;
  }
}
