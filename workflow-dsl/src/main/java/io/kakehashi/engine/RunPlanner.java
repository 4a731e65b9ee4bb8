package io.kakehashi.engine;

import io.kakehashi.event.Event;
import io.kakehashi.event.OutputFile;
import io.kakehashi.plan.PlannedPoint;
import io.kakehashi.plan.Planner;
import io.kakehashi.plan.PointKey;
import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.CachedResult;
import io.kakehashi.store.RunStore;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans a run's steps as soon as they can be planned (a dynamic sweep once its source step is
 * done), wires each point to the upstream points it reads, and reuses completed results: a point
 * whose fingerprint has a completed result with intact outputs is cached, not run. The same
 * mechanism serves caching across runs and resume; for a resumed run it also finds the attempts a
 * killed engine left in flight, for the dispatcher to re-attach to.
 */
final class RunPlanner {
  /** Steps without environment need no key: no key file is made for homes that never use one. */
  private static final byte[] NO_KEY = new byte[0];
  private final RunContext ctx;
  private final RunStore store;
  private final Map<PointKey, AttemptRecord> inFlight = new HashMap<>();
  // Attempts are history: a resumed point's next attempt numbers on from its last recorded one.
  private final Map<PointKey, Integer> lastAttempt = new HashMap<>();
  private final Map<PointKey, List<Integer>> interrupted = new HashMap<>();
  private int unplanned;

  RunPlanner(RunContext ctx, RunStore store) {
    this.ctx = ctx;
    this.store = store;
    this.unplanned = ctx.steps.size();
  }

  /** Reads what earlier executions of this run left: attempts in flight, attempt numbers, interrupted attempts. */
  void loadInFlight() {
    for (AttemptRecord a : store.attempts(ctx.runId)) {
      if (a.state().equals("SUBMITTED") || a.state().equals("RUNNING")) inFlight.put(a.key(), a);
      else inFlight.remove(a.key());
      lastAttempt.merge(a.key(), a.attempt(), Math::max);
      if (FailureKind.CANCELLED.name().equals(a.failure()) || FailureKind.LOST.name().equals(a.failure())) {
        interrupted.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.attempt());
      }
    }
  }

  /** Plans every step whose upstream steps are planned (and, for a dynamic sweep, whose source is done). */
  void planWhatCan() {
    if (unplanned == 0) return;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (StepRun s : ctx.steps.values()) {
        if (s.planned() || !plannable(s)) continue;
        unplanned--;
        plan(s);
        progress = true;
      }
    }
  }

  private boolean plannable(StepRun s) {
    for (String u : s.step.upstream()) if (!ctx.steps.get(u).planned()) return false;
    if (s.step.sweep().isDynamic()) {
      StepRun src = ctx.steps.get(s.step.sweep().sourceStep());
      return src.allDone();
    }
    return true;
  }

  private void plan(StepRun s) {
    List<PlannedPoint> planned = planPoints(s.step);
    List<PointRun> nodes = new ArrayList<>(planned.size());
    for (PlannedPoint pp : planned) nodes.add(new PointRun(s, pp));
    s.points = nodes;
    s.remaining = nodes.size();
    wire(s.step, nodes);
    // Reuse completed results: the same mechanism serves caching across runs and resume.
    Map<String, CachedResult> hits = store.completedAmong(s.step.name(),
        nodes.stream().map(x -> x.plan.fingerprint()).toList());
    Map<PointKey, Map<String, String>> previous = null;
    List<String> reasons = new ArrayList<>(nodes.size());
    List<CachedResult> reuse = new ArrayList<>(nodes.size());
    for (PointRun n : nodes) {
      CachedResult hit = hits.get(n.plan.fingerprint());
      if (hit != null && n.waitingOn >= 0 && outputsIntact(hit)) {
        reuse.add(hit);
        reasons.add(null);
        continue;
      }
      reuse.add(null);
      if (previous == null) previous = store.previousParts(ctx.runId, s.step.name());
      reasons.add(reason(n, hit, previous.get(n.plan.key())));
    }
    ctx.emit(new Event.StepPlanned(ctx.runId, Instant.now(), s.step.name(), planned, reasons));
    for (int i = 0; i < nodes.size(); i++) {
      PointRun n = nodes.get(i);
      if (n.waitingOn < 0) {
        ctx.skip(n, "an upstream point failed");
        continue;
      }
      n.attempt = lastAttempt.getOrDefault(n.plan.key(), 0);
      n.interrupted = interrupted.remove(n.plan.key());
      CachedResult hit = reuse.get(i);
      if (hit != null) {
        n.state = PointState.CACHED;
        n.workDir = hit.workDir() == null ? null : Path.of(hit.workDir());
        n.outputs = hit.outputs();
        n.values = hit.values() == null ? Map.of() : hit.values();
        ctx.emit(new Event.PointCached(ctx.runId, Instant.now(), n.plan.key(), n.plan.fingerprint(), hit.runId()));
        ctx.cached++;
        ctx.ended(n);
        continue;
      }
      n.inFlight = inFlight.get(n.plan.key());
      if (n.inFlight != null) n.attempt = n.inFlight.attempt();
      if (n.waitingOn == 0) ctx.markReady(n);
    }
  }

  /** The step's points with their fingerprints; a dynamic sweep's points come from its source step's values. */
  private List<PlannedPoint> planPoints(Step step) {
    List<Params> points;
    if (step.sweep().isDynamic()) {
      Sweep sw = step.sweep();
      List<Params> expanded = new ArrayList<>();
      for (PointRun src : ctx.steps.get(sw.sourceStep()).points) {
        expanded.addAll(Sweep.expand("step '" + step.name() + "' sweep from " + sw.sourceStep() + "." + sw.sourceKey(),
            src.values.get(sw.sourceKey())));
      }
      points = expanded;
    } else {
      points = step.sweep().points();
    }
    Map<String, List<PlannedPoint>> upstream = new HashMap<>();
    for (String u : step.upstream()) {
      upstream.put(u, ctx.steps.get(u).points.stream().map(n -> n.plan).toList());
    }
    try {
      return Planner.plan(step, points, upstream, step.environment().isEmpty() ? NO_KEY : store.fingerprintKey());
    } catch (IllegalStateException e) {
      throw new EngineException(e.getMessage(), e);
    }
  }

  /** Wires each point to the upstream points it waits for: each distinct upstream point once. */
  private void wire(Step step, List<PointRun> nodes) {
    List<String> wholeSteps = step.wholeStepDependencies();
    for (PointRun n : nodes) {
      if (wholeSteps.isEmpty() && n.plan.inputs().isEmpty()) continue;
      Set<PointRun> ups = new LinkedHashSet<>();
      for (List<PointKey> keys : n.plan.inputs().values()) {
        for (PointKey k : keys) ups.add(ctx.point(k));
      }
      for (String u : wholeSteps) ups.addAll(ctx.steps.get(u).points);
      for (PointRun up : ups) {
        if (up.state == PointState.FAILED || up.state == PointState.SKIPPED) {
          n.waitingOn = -1;
        } else if (!up.done()) {
          n.waitingOn++;
          up.dependents.add(n);
        }
      }
    }
  }

  private static boolean outputsIntact(CachedResult r) {
    for (OutputFile f : r.outputs()) {
      Path p = Path.of(f.path());
      try {
        if (!Files.exists(p) || WorkDirs.sizeOf(p) != f.size()) return false;
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** Why a point runs: what changed since its last completed result, for {@code kakehashi explain}. */
  private String reason(PointRun n, CachedResult hit, Map<String, String> before) {
    if (hit != null) return "its earlier outputs vanished or changed size";
    if (before == null) return ctx.resumed ? "not completed before" : "new point";
    List<String> changed = new ArrayList<>();
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(n.plan.parts().keySet());
    for (String k : names) {
      if (!Objects.equals(before.get(k), n.plan.parts().get(k))) {
        changed.add(k + (before.containsKey(k) ? (n.plan.parts().containsKey(k) ? " changed" : " removed") : " added"));
      }
    }
    return changed.isEmpty() ? "not completed before" : String.join(", ", changed);
  }
}
