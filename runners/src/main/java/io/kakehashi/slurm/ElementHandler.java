package io.kakehashi.slurm;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.FailureKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One array element and the points it runs, as a small state machine (Nextflow's task handler):
 * {@link State#SUBMITTED} until Slurm says the element started, {@link State#STARTED} until it
 * ended or slurmctld forgot it, then {@link State#ENDED}. {@link #check} moves it on from Slurm's
 * record; each point gets exactly one {@code finished} report, whichever path ends it.
 */
final class ElementHandler {
  /** Where an element is; it only moves forward. */
  enum State {
    /** Submitted (or found again after a restart); Slurm has not started it yet as far as we saw. */
    SUBMITTED,
    /** Slurm started it; the listener was told. Packed points may end one by one from here. */
    STARTED,
    /** Every point was reported finished; the monitor drops the handler. */
    ENDED
  }

  final long arrayJobId;
  final int index;
  final List<Task> points;
  final TaskListener listener;
  final Instant submitted;
  private final Set<Task> done = ConcurrentHashMap.newKeySet();
  private volatile State state = State.SUBMITTED;

  ElementHandler(long arrayJobId, int index, List<Task> points, TaskListener listener, Instant submitted) {
    this.arrayJobId = arrayJobId;
    this.index = index;
    this.points = new ArrayList<>(points);
    this.listener = listener;
    this.submitted = submitted;
  }

  /** Slurm's notation for the element, {@code 1234_5}. */
  String id() {
    return arrayJobId + "_" + index;
  }

  State state() {
    return state;
  }

  /**
   * Moves on from Slurm's record of this element ({@code info}, null when slurmctld no longer
   * holds it); returns whether anything was reported.
   */
  boolean check(JobInfo info) {
    if (state == State.ENDED) return false;
    if (info == null || info.state().terminal()) {
      // Ended, or vanished from slurmctld (MinJobAge): the markers decide.
      for (Task t : points) finish(t, Verdict.of(t, info, id(), submitted, IntentFiles.readMarker(t)));
      state = State.ENDED;
      return true;
    }
    if (!info.state().started()) return false;
    boolean changed = false;
    if (state == State.SUBMITTED) {
      state = State.STARTED;
      changed = true;
      for (Task t : points) listener.started(t);
    }
    if (points.size() > 1) {
      // A packed element: points that already ended need not wait for the rest.
      for (Task t : points) {
        if (done.contains(t)) continue;
        Integer marker = IntentFiles.readMarker(t);
        if (marker != null) {
          finish(t, Verdict.of(t, info, id(), submitted, marker));
          changed = true;
        }
      }
    }
    return changed;
  }

  /** Ends every point not yet reported with {@code kind}: the executor can no longer follow them. */
  void fail(FailureKind kind, String message) {
    for (Task t : points) finish(t, TaskResult.failure(kind, -1, message, submitted, null, Instant.now(), id()));
    state = State.ENDED;
  }

  private void finish(Task t, TaskResult result) {
    if (done.add(t)) listener.finished(t, result);
  }
}
