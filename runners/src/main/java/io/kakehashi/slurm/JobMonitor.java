package io.kakehashi.slurm;

import io.kakehashi.executor.Task;
import io.kakehashi.workflow.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one poller of a Slurm executor (Nextflow's task monitor): it follows every
 * {@link ElementHandler} and asks slurmctld about their arrays, and only theirs, in one round of
 * requests per interval ({@link SlurmClient#statesOf}: one request for all of them on v0.0.40+,
 * one per array on v0.0.38), never for the controller's whole job list. The interval restarts at
 * {@code poll-interval} after a submission or a change and grows by half while nothing changes,
 * up to {@code max-poll-interval}. Polls that fail are tolerated for {@code unreachable-timeout};
 * after that every followed point fails with EXECUTOR_ERROR.
 */
final class JobMonitor {
  private final SlurmConfig config;
  private final SlurmClient client;
  private final Map<String, ElementHandler> tracked = new ConcurrentHashMap<>();
  private final Map<Task, ElementHandler> byTask = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;
  private final AtomicLong polls = new AtomicLong();
  private final Object pollLock = new Object();
  // Exactly one chain of polls: a scheduled one that has not started (pending), or a running one
  // that schedules its successor. Guarded by pollLock.
  private ScheduledFuture<?> pending;
  private boolean polling;
  private boolean hurry;
  private Duration interval;
  private Instant lastGoodPoll = Instant.now();

  JobMonitor(SlurmConfig config, SlurmClient client) {
    this.config = config;
    this.client = client;
    this.interval = config.pollInterval();
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slurm-poller");
      t.setDaemon(true);
      return t;
    });
  }

  /** Follows {@code h} from the next poll on. */
  void track(ElementHandler h) {
    for (Task t : h.points) byTask.put(t, h);
    tracked.put(h.id(), h);
  }

  /** The handler that runs {@code t}, or null if it is not (or no longer) followed here. */
  ElementHandler handlerOf(Task t) {
    return byTask.get(t);
  }

  int size() {
    return tracked.size();
  }

  long polls() {
    return polls.get();
  }

  private void untrack(ElementHandler h) {
    tracked.remove(h.id());
    for (Task t : h.points) byTask.remove(t, h);
  }

  /** Makes sure a poll will come; {@code soon} (after a submission) restarts at the shortest interval. */
  void schedulePoll(boolean soon) {
    synchronized (pollLock) {
      if (poller.isShutdown()) return;
      if (soon) {
        interval = config.pollInterval();
        hurry = true;
      }
      if (polling) return;
      if (pending != null && (!soon || !pending.cancel(false))) return;
      pending = poller.schedule(this::pollOnce, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void pollOnce() {
    synchronized (pollLock) {
      pending = null;
      polling = true;
      hurry = false;
    }
    boolean changed = false;
    try {
      changed = poll();
    } catch (RuntimeException e) {
      failEverything(FailureKind.EXECUTOR_ERROR, "Slurm executor poller failed: " + e);
    } finally {
      synchronized (pollLock) {
        polling = false;
        if (!tracked.isEmpty() && !poller.isShutdown()) {
          // Back off while nothing changes, so an idle campaign costs slurmctld little.
          interval = changed || hurry ? config.pollInterval()
              : Duration.ofMillis(Math.min(config.maxPollInterval().toMillis(), (long) (interval.toMillis() * 1.5)));
          pending = poller.schedule(this::pollOnce, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  /** One round of requests about our own arrays; returns whether anything changed. */
  private boolean poll() {
    if (tracked.isEmpty()) return false;
    List<ElementHandler> handlers = List.copyOf(tracked.values());
    Set<Long> arrays = new TreeSet<>();
    for (ElementHandler h : handlers) arrays.add(h.arrayJobId);
    Map<String, JobInfo> byElement;
    try {
      polls.incrementAndGet();
      SlurmClient.JobStates states = client.statesOf(arrays);
      byElement = index(states.jobs());
      if (!states.detailed()) byElement = withDetails(handlers, byElement);
      lastGoodPoll = Instant.now();
    } catch (SlurmException e) {
      if (Duration.between(lastGoodPoll, Instant.now()).compareTo(config.unreachableTimeout()) > 0) {
        failEverything(FailureKind.EXECUTOR_ERROR, "Slurm unreachable for more than "
            + config.unreachableTimeout().toSeconds() + " s: " + e.getMessage());
        return true;
      }
      return false;
    }
    boolean changed = false;
    for (ElementHandler h : handlers) {
      changed |= h.check(element(byElement, h.id()));
      if (h.state() == ElementHandler.State.ENDED) untrack(h);
    }
    return changed;
  }

  /**
   * A light answer (states only) is enough while elements run; for an element that ended or
   * vanished, its array's full record (exit code, times, reason) is read once.
   */
  private Map<String, JobInfo> withDetails(List<ElementHandler> handlers, Map<String, JobInfo> light) {
    Set<Long> ended = new TreeSet<>();
    for (ElementHandler h : handlers) {
      JobInfo j = light.get(h.id());
      if (j == null || j.state().terminal()) ended.add(h.arrayJobId);
    }
    if (ended.isEmpty()) return light;
    Map<String, JobInfo> out = new HashMap<>(light);
    for (long array : ended) {
      for (ElementHandler h : handlers) {
        if (h.arrayJobId == array) out.remove(h.id());
      }
      out.putAll(index(client.arrayOrNothing(array)));
    }
    return out;
  }

  /**
   * Slurm's own job records by element id ({@code 1234_5}), pending elements expanded. An array's
   * own record that ended with neither an index nor pending indices is kept as {@code 1234_*}:
   * 26.05 answers so ({@code "job_id": "1234_*"} in {@code jobs/state}, {@code array_task_id}
   * unset in {@code job/1234}) once the elements that never started were cancelled, where 24.11
   * still names the last one.
   */
  static Map<String, JobInfo> index(List<JobInfo> jobs) {
    Map<String, JobInfo> m = new HashMap<>();
    for (JobInfo j : jobs) {
      if (j.arrayJobId() == 0) continue;
      if (j.arrayTaskId() >= 0) m.put(j.arrayJobId() + "_" + j.arrayTaskId(), j);
      for (int i : ArrayIndices.parse(j.pendingTasks())) m.put(j.arrayJobId() + "_" + i, j);
      if (j.arrayTaskId() < 0 && j.pendingTasks().isEmpty() && j.state().terminal()) {
        m.putIfAbsent(j.arrayJobId() + "_*", j);
      }
    }
    return m;
  }

  /**
   * The record of element {@code id} ({@code 1234_5}) in {@code byElement}: its own, else that of
   * the rest of its array when that ended ({@code 1234_*}), else null (slurmctld forgot it).
   */
  static JobInfo element(Map<String, JobInfo> byElement, String id) {
    JobInfo own = byElement.get(id);
    if (own != null) return own;
    int us = id.indexOf('_');
    return us > 0 ? byElement.get(id.substring(0, us) + "_*") : null;
  }

  /** Ends every followed point with {@code kind}. */
  void failEverything(FailureKind kind, String message) {
    for (ElementHandler h : List.copyOf(tracked.values())) {
      h.fail(kind, message);
      untrack(h);
    }
  }

  void close() {
    poller.shutdownNow();
  }
}
