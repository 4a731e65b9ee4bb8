package io.kakehashi.slurm;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Holds the points of a step for a short while so that a sweep whose points become ready one
 * after another (each as its own upstream point ends) still goes to Slurm as one array.
 *
 * <p>The rule: points of one step (of one run) handed over while earlier ones wait join them; the
 * step's points are submitted together once {@code gather-window} passes with no new point of the
 * step, or {@code gather-max} after the first one arrived, whichever comes first. A window of 0
 * submits every hand-over at once, in the caller's thread. Points that all depend on one upstream
 * step arrive in one hand-over anyway and wait one window. Closing the executor submits what
 * waits; cancelling a waiting point ends it as CANCELLED without it reaching Slurm.
 */
final class SweepGatherer {
  private final Duration window;
  private final Duration max;
  private final BiConsumer<List<Task>, TaskListener> submit;
  private final ScheduledThreadPoolExecutor timer;
  private final Map<Key, Bucket> waiting = new LinkedHashMap<>();

  private record Key(String runId, String step, TaskListener listener) {}

  private static final class Bucket {
    final List<Task> tasks = new ArrayList<>();
    final long firstNanos = System.nanoTime();
    ScheduledFuture<?> flush;
  }

  SweepGatherer(Duration window, Duration max, BiConsumer<List<Task>, TaskListener> submit) {
    this.window = window;
    this.max = max;
    this.submit = submit;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "slurm-submitter");
      t.setDaemon(true);
      return t;
    });
    // On close, what waits is submitted by close itself, not by the timer.
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Hands over points of one step: submitted at once (window 0) or when the step's window closes. */
  void add(List<Task> tasks, TaskListener listener) {
    if (window.isZero()) {
      submit.accept(tasks, listener);
      return;
    }
    Task first = tasks.get(0);
    Key key = new Key(first.runId(), first.point().step(), listener);
    synchronized (waiting) {
      if (timer.isShutdown()) {
        throw new IllegalStateException("the Slurm executor is closed");
      }
      Bucket b = waiting.computeIfAbsent(key, k -> new Bucket());
      b.tasks.addAll(tasks);
      if (b.flush != null) b.flush.cancel(false);
      long left = max.toNanos() - (System.nanoTime() - b.firstNanos);
      long delay = Math.max(0, Math.min(window.toNanos(), left));
      b.flush = timer.schedule(() -> flush(key, b), delay, TimeUnit.NANOSECONDS);
    }
  }

  private void flush(Key key, Bucket b) {
    synchronized (waiting) {
      if (waiting.get(key) != b) return;
      waiting.remove(key);
    }
    submit.accept(List.copyOf(b.tasks), key.listener());
  }

  /** Removes waiting points among {@code tasks}, ends them as CANCELLED, and returns the others. */
  List<Task> cancel(Collection<Task> tasks) {
    Set<Task> wanted = new HashSet<>(tasks);
    Map<Task, TaskListener> cancelled = new LinkedHashMap<>();
    synchronized (waiting) {
      for (Iterator<Map.Entry<Key, Bucket>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Key, Bucket> e = it.next();
        e.getValue().tasks.removeIf(t -> {
          if (!wanted.contains(t)) return false;
          cancelled.put(t, e.getKey().listener());
          return true;
        });
        if (e.getValue().tasks.isEmpty()) {
          e.getValue().flush.cancel(false);
          it.remove();
        }
      }
    }
    Instant now = Instant.now();
    cancelled.forEach((t, l) -> l.finished(t, TaskResult.failure(FailureKind.CANCELLED, -1,
        "step " + t.point() + ": cancelled before it was submitted to Slurm", now, null, now, null)));
    List<Task> rest = new ArrayList<>();
    for (Task t : tasks) if (!cancelled.containsKey(t)) rest.add(t);
    return rest;
  }

  /** Points waiting now. */
  int waiting() {
    synchronized (waiting) {
      return waiting.values().stream().mapToInt(b -> b.tasks.size()).sum();
    }
  }

  /**
   * Submits everything still waiting, in the caller's thread, and waits for a submission the
   * timer has begun: a closed executor leaves no point handed over but never submitted.
   */
  void close() {
    List<Map.Entry<Key, Bucket>> rest;
    synchronized (waiting) {
      timer.shutdown();
      rest = new ArrayList<>(waiting.entrySet());
      waiting.clear();
    }
    for (Map.Entry<Key, Bucket> e : rest) submit.accept(List.copyOf(e.getValue().tasks), e.getKey().listener());
    try {
      timer.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
