package io.kakehashi.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where executors' reports and stop requests meet the engine thread. Reports arrive from any
 * thread as work to run on the engine thread; requests to cancel or detach are flags the run loop
 * reads at the top of each turn.
 */
final class Inbox {
  private static final Runnable WAKE = () -> {};
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private final AtomicBoolean detachRequested = new AtomicBoolean();
  /** The open run's queue; null between runs, when reports have no run to go to. */
  private volatile LinkedBlockingQueue<Runnable> queue;

  /** A run begins: earlier stop requests are forgotten. */
  void open() {
    cancelRequested.set(false);
    detachRequested.set(false);
    queue = new LinkedBlockingQueue<>();
  }

  void close() {
    queue = null;
  }

  /** Runs {@code report} on the engine thread at its next turn; dropped when no run is open. */
  void post(Runnable report) {
    LinkedBlockingQueue<Runnable> q = queue;
    if (q != null) q.add(report);
  }

  void cancel() {
    cancelRequested.set(true);
    post(WAKE);
  }

  void detach() {
    detachRequested.set(true);
    post(WAKE);
  }

  boolean cancelRequested() {
    return cancelRequested.get();
  }

  boolean detachRequested() {
    return detachRequested.get();
  }

  boolean stopRequested() {
    return cancelRequested() || detachRequested();
  }

  /**
   * Waits up to {@code timeoutMs} for a report, then runs it and every other that arrived. An
   * interrupt of the engine thread counts as a cancel.
   */
  void runArrived(long timeoutMs) {
    LinkedBlockingQueue<Runnable> q = queue;
    try {
      Runnable r = q.poll(timeoutMs, TimeUnit.MILLISECONDS);
      if (r == null) return;
      r.run();
      List<Runnable> more = new ArrayList<>();
      q.drainTo(more, 100_000);
      for (Runnable m : more) m.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelRequested.set(true);
    }
  }
}
