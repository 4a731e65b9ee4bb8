package io.kakehashi.slurm;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.workflow.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs command and MPI steps as Slurm job arrays through slurmrestd. It only wires the parts
 * together, along Nextflow's seams:
 *
 * <ul>
 *   <li>{@link SweepGatherer} holds a step's points for {@code gather-window} so that a sweep
 *       whose points become ready one by one still becomes one array;
 *   <li>{@link ArraySubmitter} packs points into array elements, splits at MaxArraySize, writes
 *       the intent files ({@link IntentFiles}) and submits, never twice;
 *   <li>{@link ElementHandler} is one element's state machine (submitted, started, ended) and
 *       decides each point by its exit marker ({@link Verdict}), never assuming success;
 *   <li>{@link JobMonitor} is the one poller: it asks slurmctld about our own arrays only, with
 *       the lightest request the API version offers ({@link SlurmClient#statesOf}).
 * </ul>
 *
 * A restarted engine finds its jobs again by the intent files ({@link #reattach}).
 */
public final class SlurmExecutor implements Executor {
  static final String INTENT_FILE = IntentFiles.INTENT_FILE;
  /** Beside the points' work dirs: Slurm's own output of each element (the points' go to their dirs). */
  static final String LOG_DIR = IntentFiles.LOG_DIR;

  private final SlurmClient client;
  private final JobMonitor monitor;
  private final ArraySubmitter submitter;
  private final SweepGatherer gatherer;

  public SlurmExecutor(SlurmConfig config, SlurmClient client, Map<String, String> baseEnvironment) {
    if (!baseEnvironment.containsKey("PATH")) {
      throw new IllegalArgumentException("the Slurm executor's base environment needs PATH");
    }
    this.client = client;
    this.monitor = new JobMonitor(config, client);
    this.submitter = new ArraySubmitter(config, client, baseEnvironment, monitor::track);
    this.gatherer = new SweepGatherer(config.gatherWindow(), config.gatherMax(), (tasks, listener) -> {
      submitter.submit(tasks, listener);
      monitor.schedulePoll(true);
    });
  }

  @Override
  public String name() {
    return "slurm";
  }

  @Override
  public boolean supports(Action action) {
    return action instanceof Action.Command || action instanceof Action.Mpi;
  }

  public SlurmClient client() {
    return client;
  }

  @Override
  public void submit(List<Task> tasks, TaskListener listener) {
    if (tasks.isEmpty()) return;
    gatherer.add(tasks, listener);
  }

  /**
   * Finds each task's job by its external id, or else by its intent file: the job id written
   * there, or the tag (looked up in Slurm's whole job list only when some intent has no job id,
   * i.e. the engine died during a submit). A task whose job slurmctld no longer holds is decided
   * by its exit marker (LOST without one); only tasks never submitted, as far as the files show,
   * come back for a fresh submission. Throws {@link SlurmException} when Slurm cannot be asked:
   * then nothing can be decided and nothing must be submitted again.
   */
  @Override
  public List<Task> reattach(List<Task> tasks, TaskListener listener) {
    Map<Task, IntentFiles.Intent> intents = new HashMap<>();
    Set<Long> arrays = new TreeSet<>();
    boolean needTags = false;
    for (Task t : tasks) {
      IntentFiles.Intent intent = IntentFiles.read(t);
      if (intent != null) intents.put(t, intent);
      String id = t.externalId() != null ? t.externalId() : intent == null ? null : intent.elementId();
      if (id != null) {
        arrays.add(Long.parseLong(id.split("_")[0]));
      } else if (intent != null) {
        needTags = true;
      }
    }
    Map<String, Long> byTag = new HashMap<>();
    List<JobInfo> jobs = new ArrayList<>(client.statesOf(arrays).jobs());
    if (needTags) {
      for (JobInfo j : client.jobs()) {
        if (!j.comment().isEmpty()) byTag.putIfAbsent(j.comment(), j.arrayJobId() > 0 ? j.arrayJobId() : j.jobId());
        jobs.add(j);
      }
    }
    Map<String, JobInfo> byElement = JobMonitor.index(jobs);
    List<Task> unknown = new ArrayList<>();
    Map<String, ElementHandler> found = new LinkedHashMap<>();
    Map<String, List<Task>> points = new LinkedHashMap<>();
    Instant now = Instant.now();
    for (Task t : tasks) {
      IntentFiles.Intent intent = intents.get(t);
      String id = t.externalId();
      if (id == null && intent != null) {
        Long job = byTag.get(intent.tag());
        if (job == null && intent.jobId() > 0) job = intent.jobId();
        if (job != null) id = job + "_" + intent.index();
      }
      if (id != null && byElement.containsKey(id)) {
        points.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
        if (t.externalId() == null) listener.submitted(t, id);
        continue;
      }
      Integer marker = IntentFiles.readMarker(t);
      if (marker != null || id != null) {
        listener.finished(t, Verdict.of(t, id == null ? null : JobMonitor.element(byElement, id), id, now, marker));
      } else {
        unknown.add(t);
      }
    }
    points.forEach((id, ts) -> {
      String[] parts = id.split("_");
      found.put(id, new ElementHandler(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), ts, listener, now));
    });
    found.values().forEach(monitor::track);
    if (!found.isEmpty()) monitor.schedulePoll(true);
    return unknown;
  }

  @Override
  public void cancel(Collection<Task> tasks) {
    Set<String> ids = new TreeSet<>();
    for (Task t : gatherer.cancel(tasks)) {
      ElementHandler h = monitor.handlerOf(t);
      // Not (or no longer) followed here: nothing runs for it in Slurm through this executor.
      if (h != null) ids.add(h.id());
    }
    for (String id : ids) {
      try {
        client.cancel(id);
      } catch (SlurmException e) {
        if (!e.isInvalidJobId()) throw e;
      }
    }
    monitor.schedulePoll(true);
  }

  /** Array jobs submitted, array elements, polls, points waiting to be gathered, and the client's counters. */
  @Override
  public Map<String, Long> statistics() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("slurm.jobs.submitted", submitter.submits());
    m.put("slurm.array.elements", submitter.elements());
    m.put("slurm.polls", monitor.polls());
    m.putAll(client.statistics());
    return m;
  }

  /** Submits points still being gathered, stops polling, and closes the client. */
  @Override
  public void close() {
    gatherer.close();
    monitor.close();
    client.close();
  }

  @Override
  public String toString() {
    return "SlurmExecutor[" + client + ", following " + monitor.size() + " array elements]";
  }
}
