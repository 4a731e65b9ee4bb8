package io.kakehashi.engine;

import io.kakehashi.workflow.Step;
import java.util.List;

/** One step of a run: its points once planned. Touched by the engine thread only. */
final class StepRun {
  final Step step;
  /** Null until the step is planned (a dynamic sweep waits for its source step). */
  List<PointRun> points;
  /** Points not yet ended. */
  int remaining;

  StepRun(Step step) {
    this.step = step;
  }

  boolean planned() {
    return points != null;
  }

  boolean allDone() {
    if (points == null) return false;
    for (PointRun n : points) if (!n.done()) return false;
    return true;
  }
}
