package io.kakehashi.engine;

import io.kakehashi.event.OutputFile;
import io.kakehashi.plan.PlannedPoint;
import io.kakehashi.store.AttemptRecord;
import io.kakehashi.workflow.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One point of a run and what the engine knows of it. Touched by the engine thread only. */
final class PointRun {
  final StepRun step;
  final PlannedPoint plan;
  PointState state = PointState.WAITING;
  /** The number of its latest attempt: attempts are history, a resumed point numbers on from its last. */
  int attempt;
  /** Failures in this run, for the retry policy. */
  int failures;
  /** What the next attempt asks for: a retry may escalate it. */
  Resources resources;
  /** Upstream points not yet done; -1 when one of them failed or was skipped. */
  int waitingOn;
  final List<PointRun> dependents = new ArrayList<>(2);
  Path workDir;
  List<OutputFile> outputs = List.of();
  Map<String, Object> values = Map.of();
  /** The attempt a killed engine left submitted or running, to re-attach to on dispatch. */
  AttemptRecord inFlight;
  /** Attempts whose engine died or that were cancelled: their staging directories go when the point ends. */
  List<Integer> interrupted;
  /** When a point in {@link PointState#RETRY_WAIT} may run again (epoch milliseconds). */
  long retryAt;
  /** The executor of the current attempt. */
  String executor;

  PointRun(StepRun step, PlannedPoint plan) {
    this.step = step;
    this.plan = plan;
    this.resources = step.step.resources();
  }

  boolean done() {
    return state.done();
  }

  boolean ended() {
    return state.ended();
  }
}
