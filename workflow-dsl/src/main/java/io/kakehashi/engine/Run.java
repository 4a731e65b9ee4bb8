package io.kakehashi.engine;

import io.kakehashi.event.Event;
import io.kakehashi.event.RunState;
import io.kakehashi.executor.Executor;
import io.kakehashi.executor.Task;
import io.kakehashi.store.RunStore;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One execution of a run (a first run or a resume): the driver loop. Its state is a
 * {@link RunContext}; planning and cache reuse are the {@link RunPlanner}'s, launching by capacity
 * the {@link Dispatcher}'s, executors' reports and retries the {@link Outcomes}'. Each turn of the
 * loop applies stop requests ({@link RunPhase}), launches what is ready, makes the turn's events
 * durable, and waits for reports.
 */
final class Run {
  private final RunContext ctx;
  private final Inbox inbox;
  private final Map<String, Executor> executors;
  private final RunPlanner planner;
  private final Outcomes outcomes;
  private final Dispatcher dispatcher;
  private final RunStore store;
  private final long startNanos = System.nanoTime();

  Run(String runId, Workflow workflow, boolean resumed, RunStore store, EventStream events, WorkDirs workDirs,
      Routes routes, Map<Task, PointContext> contexts, Inbox inbox) {
    this.ctx = new RunContext(runId, workflow, resumed, events, workDirs);
    this.inbox = inbox;
    this.executors = routes.executors();
    this.store = store;
    this.planner = new RunPlanner(ctx, store);
    this.outcomes = new Outcomes(ctx, inbox, workDirs, contexts);
    this.dispatcher = new Dispatcher(ctx, routes, workDirs, contexts, outcomes);
    ctx.onStepEnded(planner::planWhatCan);
  }

  RunOutcome execute() {
    inbox.open();
    Map<String, List<String>> dag = new LinkedHashMap<>();
    if (ctx.workflow.steps().size() <= 10_000) {
      for (Step st : ctx.workflow.steps().values()) dag.put(st.name(), st.upstream());
    }
    try {
      // Planning reads the store (cached results, a resumed run's attempts) and may fail like
      // the loop: inside the same try, so that no failure leaves the run recorded as running.
      ctx.emit(new Event.RunStarted(ctx.runId, Instant.now(), ctx.workflow.name(), ctx.resumed, dag));
      if (ctx.resumed) planner.loadInFlight();
      dispatcher.checkCapacity();
      planner.planWhatCan();
      ctx.events.flush();
      loop();
    } catch (RuntimeException e) {
      // Record what we know, then stop everything we started: a broken store or engine must
      // not leave work running unobserved.
      if (ctx.phase.launching()) ctx.phase = RunPhase.FAILING;
      dispatcher.cancelRunning();
      recordFailure(e);
      throw e;
    } finally {
      inbox.close();
    }
    RunState state = inbox.detachRequested() ? RunState.INTERRUPTED
        : inbox.cancelRequested() ? RunState.CANCELLED
        : ctx.failed > 0 || ctx.skipped > 0 ? RunState.FAILED : RunState.SUCCEEDED;
    Map<String, Long> stats = statistics();
    ctx.emit(new Event.RunFinished(ctx.runId, Instant.now(), state, stats));
    ctx.events.flush();
    return new RunOutcome(ctx.runId, state, ctx.succeeded, ctx.cached, ctx.failed, ctx.skipped,
        List.copyOf(ctx.failures), Duration.ofNanos(System.nanoTime() - startNanos), stats);
  }

  /**
   * Ends the run as FAILED with the error as a note. When that batch cannot be written either (a
   * damaged page under the events table), the run's own row alone is tried, so that the run does
   * not read as running for ever; what cannot be written is added to {@code e}.
   */
  private void recordFailure(RuntimeException e) {
    try {
      ctx.emit(new Event.RunNote(ctx.runId, Instant.now(), "engine-error", e.toString()));
      ctx.emit(new Event.RunFinished(ctx.runId, Instant.now(), RunState.FAILED, statistics()));
      ctx.events.flush();
    } catch (RuntimeException batchFailed) {
      e.addSuppressed(batchFailed);
      try {
        store.endRun(ctx.runId, RunState.FAILED);
      } catch (RuntimeException rowFailed) {
        e.addSuppressed(rowFailed);
      }
    }
  }

  private void loop() {
    while (true) {
      applyStopRequests();
      if (ctx.phase.launching()) {
        outcomes.releaseRetries();
        dispatcher.dispatch();
      }
      ctx.events.flush();
      if (ctx.running.isEmpty() && (!ctx.phase.launching() || (ctx.ready.isEmpty() && ctx.retries.isEmpty()))) {
        ctx.skipUnfinished(inbox.stopRequested() ? "the run was stopped"
            : !ctx.phase.launching() ? "the run stopped after a failure"
            : "its inputs were never produced");
        ctx.events.flush();
        return;
      }
      if (ctx.phase == RunPhase.DETACHING) {
        // Leave external jobs running; a resume re-attaches to them.
        ctx.running.clear();
        continue;
      }
      long untilRetry = ctx.retries.isEmpty() ? 1000 : Math.max(1, ctx.retries.peek().retryAt - System.currentTimeMillis());
      inbox.runArrived(Math.min(untilRetry, 1000));
    }
  }

  /** A detach ends the run from any phase; a cancel only a run that still launches (see {@link RunPhase}). */
  private void applyStopRequests() {
    if (inbox.detachRequested()) {
      ctx.phase = RunPhase.DETACHING;
    } else if (inbox.cancelRequested() && ctx.phase.launching()) {
      ctx.phase = RunPhase.CANCELLING;
      dispatcher.cancelRunning();
    }
  }

  private Map<String, Long> statistics() {
    Map<String, Long> s = new TreeMap<>();
    s.put("points.succeeded", (long) ctx.succeeded);
    s.put("points.cached", (long) ctx.cached);
    s.put("points.failed", (long) ctx.failed);
    s.put("points.skipped", (long) ctx.skipped);
    for (Executor e : executors.values()) {
      for (Map.Entry<String, Long> x : e.statistics().entrySet()) {
        String k = x.getKey().startsWith(e.name() + ".") ? x.getKey() : e.name() + "." + x.getKey();
        s.put(k, x.getValue());
      }
    }
    return s;
  }
}
