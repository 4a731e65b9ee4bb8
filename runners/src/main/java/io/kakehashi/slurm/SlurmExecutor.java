package io.kakehashi.slurm;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs command and MPI steps as Slurm job arrays through slurmrestd.
 *
 * <p>One {@link #submit} call (the ready points of one step) becomes one job array per distinct
 * resource request, split where it exceeds MaxArraySize; short points are packed several to an
 * array element. One poller reads all of Slurm's jobs in a single request per interval, which
 * grows while nothing changes. Before submitting, the executor writes an intent file into each
 * point's work dir naming the job's comment tag and the point's array index; the batch script
 * writes each point's exit status into {@link Task#EXIT_MARKER}. So a restarted engine can find
 * its jobs again ({@link #reattach}), and a job slurmctld has forgotten is decided by its marker —
 * never assumed to have succeeded.
 */
public final class SlurmExecutor implements Executor {
  static final String INTENT_FILE = ".kakehashi-slurm";

  private final SlurmConfig config;
  private final SlurmClient client;
  private final Map<String, String> baseEnvironment;
  private final Map<String, Element> tracked = new ConcurrentHashMap<>();
  private final Map<Task, Element> byTask = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;
  private final AtomicLong submits = new AtomicLong();
  private final AtomicLong elements = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();
  private final Object pollLock = new Object();
  private ScheduledFuture<?> nextPoll;
  private Duration interval;
  private Instant lastGoodPoll = Instant.now();

  /** One array element: the points it runs and what has been reported of them. */
  private static final class Element {
    final long arrayJobId;
    final int index;
    final List<Task> points = new ArrayList<>();
    final TaskListener listener;
    final Instant submitted;
    final Set<Task> done = ConcurrentHashMap.newKeySet();
    boolean startedReported;

    Element(long arrayJobId, int index, TaskListener listener, Instant submitted) {
      this.arrayJobId = arrayJobId;
      this.index = index;
      this.listener = listener;
      this.submitted = submitted;
    }

    String id() {
      return arrayJobId + "_" + index;
    }
  }

  public SlurmExecutor(SlurmConfig config, SlurmClient client, Map<String, String> baseEnvironment) {
    this.config = config;
    this.client = client;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
    if (!this.baseEnvironment.containsKey("PATH")) {
      throw new IllegalArgumentException("the Slurm executor's base environment needs PATH");
    }
    this.interval = config.pollInterval();
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slurm-poller");
      t.setDaemon(true);
      return t;
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
    // Points whose resources differ (an escalated retry) cannot share one array.
    Map<Resources, List<Task>> byResources = new LinkedHashMap<>();
    for (Task t : tasks) byResources.computeIfAbsent(t.resources(), r -> new ArrayList<>()).add(t);
    for (List<Task> same : byResources.values()) {
      int perElement = pointsPerElement(same.get(0));
      List<List<Task>> groups = new ArrayList<>();
      for (int i = 0; i < same.size(); i += perElement) {
        groups.add(same.subList(i, Math.min(same.size(), i + perElement)));
      }
      for (int i = 0; i < groups.size(); i += config.maxArraySize()) {
        submitArray(groups.subList(i, Math.min(groups.size(), i + config.maxArraySize())), listener);
      }
    }
    schedulePoll(true);
  }

  private int pointsPerElement(Task t) {
    if (config.pointsPerTask() > 0) return config.pointsPerTask();
    Duration w = walltime(t);
    if (w.isZero() || w.compareTo(Duration.ofMinutes(1)) >= 0) return 1;
    return (int) Math.min(100, Math.max(1, Duration.ofMinutes(1).toMillis() / Math.max(1, w.toMillis())));
  }

  private static Duration walltime(Task t) {
    if (!t.resources().walltime().isZero()) return t.resources().walltime();
    return t.timeout() == null ? Duration.ZERO : t.timeout();
  }

  private void submitArray(List<List<Task>> groups, TaskListener listener) {
    Task first = groups.get(0).get(0);
    String step = first.point().step();
    String tag = "kakehashi:" + first.runId() + ":" + step + ":" + digest(groups);
    Instant now = Instant.now();
    JobSubmission job;
    try {
      for (int i = 0; i < groups.size(); i++) {
        for (Task t : groups.get(i)) {
          Files.createDirectories(t.workDir());
          Files.deleteIfExists(t.exitMarker());
          writeAtomically(t.workDir().resolve(INTENT_FILE), "tag=" + tag + "\nindex=" + i + "\n");
        }
      }
      job = submission(groups, tag);
    } catch (IOException | RuntimeException e) {
      failAll(groups, listener, FailureKind.LAUNCH_ERROR, "step " + step + ": could not prepare the Slurm job: "
          + e.getMessage(), now);
      return;
    }
    long jobId;
    try {
      jobId = client.submit(job);
    } catch (SlurmException e) {
      // The request may have reached slurmctld before the connection broke: look before failing.
      jobId = e.httpStatus() == 0 ? findByTag(tag) : -1;
      if (jobId < 0) {
        failAll(groups, listener, FailureKind.EXECUTOR_ERROR, "step " + step + ": " + e.getMessage(), now);
        return;
      }
    }
    submits.incrementAndGet();
    for (int i = 0; i < groups.size(); i++) {
      Element el = new Element(jobId, i, listener, now);
      el.points.addAll(groups.get(i));
      for (Task t : el.points) {
        try {
          writeAtomically(t.workDir().resolve(INTENT_FILE), "tag=" + tag + "\nindex=" + i + "\njob=" + jobId + "\n");
        } catch (IOException e) {
          // The tag alone still finds the job again; the job id only saves a lookup.
        }
        listener.submitted(t, el.id());
      }
      track(el);
      elements.incrementAndGet();
    }
  }

  private long findByTag(String tag) {
    try {
      for (JobInfo j : client.jobs()) {
        if (tag.equals(j.comment())) return j.arrayJobId() > 0 ? j.arrayJobId() : j.jobId();
      }
    } catch (SlurmException ignored) {
      // Still unreachable: the caller reports the original error.
    }
    return -1;
  }

  private JobSubmission submission(List<List<Task>> groups, String tag) {
    Task first = groups.get(0).get(0);
    Resources r = first.resources();
    Map<String, String> s = r.scheduler();
    int tasks = 1;
    int cpus = Math.max(1, r.cores());
    if (first.action() instanceof Action.Mpi mpi) {
      tasks = Math.max(1, mpi.ranks());
      cpus = Math.max(1, mpi.threadsPerRank());
    }
    long perPoint = walltime(first).isZero() ? config.defaultTimeLimit().toSeconds() : walltime(first).toSeconds();
    int largest = groups.stream().mapToInt(List::size).max().orElse(1);
    int minutes = (int) Math.max(1, (perPoint * largest + 59) / 60);
    String gres = s.getOrDefault("gres", r.gpus() > 0 ? "gpu:" + r.gpus() : "");
    String array = "0-" + (groups.size() - 1) + (config.maxRunning() > 0 ? "%" + config.maxRunning() : "");
    Path dir = first.workDir().toAbsolutePath().getParent();
    String script = BatchScript.forArray("run " + first.runId() + ", step " + first.point().step(),
        groups, config.launcher());
    return new JobSubmission(script, "kk-" + first.point().step(), tag, array, dir,
        dir.resolve("slurm-%A_%a.out").toString(), "", baseEnvironment,
        s.getOrDefault("partition", config.partition()), s.getOrDefault("account", config.account()),
        s.getOrDefault("qos", config.qos()), r.nodes(), tasks, cpus, r.memoryMb(), minutes, gres,
        s.getOrDefault("constraint", ""));
  }

  private static String digest(List<List<Task>> groups) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (List<Task> g : groups) {
        for (Task t : g) md.update((t.tag() + "#" + t.attempt() + "\n").getBytes(StandardCharsets.UTF_8));
        md.update((byte) '|');
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Finds each task's job by its external id, or else by the tag in the intent file of its work
   * dir, with one request for all jobs. A task whose job slurmctld no longer holds is decided by
   * its exit marker (LOST without one); only tasks never submitted, as far as the files show, come
   * back for a fresh submission. Throws {@link SlurmException} when Slurm cannot be asked: then
   * nothing can be decided and nothing must be submitted again.
   */
  @Override
  public List<Task> reattach(List<Task> tasks, TaskListener listener) {
    List<JobInfo> jobs = client.jobs();
    Map<String, JobInfo> byElement = index(jobs);
    Map<String, Long> byTag = new HashMap<>();
    for (JobInfo j : jobs) {
      if (!j.comment().isEmpty()) byTag.putIfAbsent(j.comment(), j.arrayJobId() > 0 ? j.arrayJobId() : j.jobId());
    }
    List<Task> unknown = new ArrayList<>();
    Map<String, Element> found = new LinkedHashMap<>();
    Instant now = Instant.now();
    for (Task t : tasks) {
      Map<String, String> intent = readIntent(t);
      String id = t.externalId();
      if (id == null && intent.containsKey("index")) {
        Long job = byTag.get(intent.get("tag"));
        if (job == null && intent.containsKey("job")) job = Long.parseLong(intent.get("job"));
        if (job != null) id = job + "_" + intent.get("index");
      }
      if (id != null && byElement.containsKey(id)) {
        String elementId = id;
        String[] parts = id.split("_");
        Element el = found.computeIfAbsent(id, k -> new Element(Long.parseLong(parts[0]),
            Integer.parseInt(parts[1]), listener, now));
        el.points.add(t);
        if (t.externalId() == null) listener.submitted(t, elementId);
        continue;
      }
      Integer marker = readMarker(t);
      if (marker != null || id != null) {
        listener.finished(t, decide(t, null, id, now, marker));
      } else {
        unknown.add(t);
      }
    }
    found.values().forEach(this::track);
    if (!found.isEmpty()) schedulePoll(true);
    return unknown;
  }

  @Override
  public void cancel(Collection<Task> tasks) {
    Set<String> ids = new java.util.TreeSet<>();
    for (Task t : tasks) {
      Element el = byTask.get(t);
      if (el == null) {
        // Not (or no longer) followed here: nothing runs for it in Slurm through this executor.
        continue;
      }
      ids.add(el.id());
    }
    for (String id : ids) {
      try {
        client.cancel(id);
      } catch (SlurmException e) {
        if (!e.isInvalidJobId()) throw e;
      }
    }
    schedulePoll(true);
  }

  private void track(Element el) {
    for (Task t : el.points) byTask.put(t, el);
    tracked.put(el.id(), el);
  }

  private void untrack(Element el) {
    tracked.remove(el.id());
    for (Task t : el.points) byTask.remove(t, el);
  }

  /** Slurm's own job records by element id ({@code 1234_5}), pending elements expanded. */
  private static Map<String, JobInfo> index(List<JobInfo> jobs) {
    Map<String, JobInfo> m = new HashMap<>();
    for (JobInfo j : jobs) {
      if (j.arrayJobId() == 0) continue;
      if (j.arrayTaskId() >= 0) m.put(j.arrayJobId() + "_" + j.arrayTaskId(), j);
      for (int i : ArrayIndices.parse(j.pendingTasks())) m.put(j.arrayJobId() + "_" + i, j);
    }
    return m;
  }

  private void schedulePoll(boolean soon) {
    synchronized (pollLock) {
      if (poller.isShutdown()) return;
      if (soon) interval = config.pollInterval();
      if (nextPoll != null && !nextPoll.isDone()) {
        if (!soon) return;
        nextPoll.cancel(false);
      }
      nextPoll = poller.schedule(this::pollOnce, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void pollOnce() {
    boolean changed = false;
    try {
      changed = poll();
    } catch (RuntimeException e) {
      failEverything(FailureKind.EXECUTOR_ERROR, "Slurm executor poller failed: " + e);
    }
    synchronized (pollLock) {
      if (tracked.isEmpty() || poller.isShutdown()) return;
      long next = changed ? config.pollInterval().toMillis()
          : Math.min(config.maxPollInterval().toMillis(), (long) (interval.toMillis() * 1.5));
      interval = Duration.ofMillis(next);
      nextPoll = poller.schedule(this::pollOnce, next, TimeUnit.MILLISECONDS);
    }
  }

  /** One request for every job; returns whether anything changed. */
  private boolean poll() {
    if (tracked.isEmpty()) return false;
    List<JobInfo> jobs;
    try {
      polls.incrementAndGet();
      jobs = client.jobs();
      lastGoodPoll = Instant.now();
    } catch (SlurmException e) {
      if (Duration.between(lastGoodPoll, Instant.now()).compareTo(config.unreachableTimeout()) > 0) {
        failEverything(FailureKind.EXECUTOR_ERROR, "Slurm unreachable for more than "
            + config.unreachableTimeout().toSeconds() + " s: " + e.getMessage());
        return true;
      }
      return false;
    }
    Map<String, JobInfo> byElement = index(jobs);
    boolean changed = false;
    Instant now = Instant.now();
    for (Element el : List.copyOf(tracked.values())) {
      JobInfo info = byElement.get(el.id());
      if (info == null || info.state().terminal()) {
        // Ended, or vanished from slurmctld (MinJobAge): the markers decide.
        for (Task t : el.points) finish(el, t, decide(t, info, el.id(), el.submitted, readMarker(t)));
        untrack(el);
        changed = true;
        continue;
      }
      if (info.state().started() && !el.startedReported) {
        el.startedReported = true;
        changed = true;
        for (Task t : el.points) el.listener.started(t);
      }
      if (el.points.size() > 1 && info.state().started()) {
        // A packed element: points that already ended need not wait for the rest.
        for (Task t : el.points) {
          if (el.done.contains(t)) continue;
          Integer marker = readMarker(t);
          if (marker != null) {
            finish(el, t, decide(t, info, el.id(), el.submitted, marker));
            changed = true;
          }
        }
      }
    }
    return changed;
  }

  private void finish(Element el, Task t, TaskResult result) {
    if (el.done.add(t)) el.listener.finished(t, result);
  }

  /** How a point ended: its exit marker first, then Slurm's state; never success without a marker. */
  private static TaskResult decide(Task t, JobInfo info, String id, Instant submitted, Integer marker) {
    Instant started = info == null ? null : info.started();
    Instant ended = info == null || info.ended() == null ? Instant.now() : info.ended();
    FailureKind slurmKind = info == null ? null : info.state().failureKind();
    String state = info == null ? "no longer known to slurmctld" : "state " + info.state()
        + (info.stateReason().isEmpty() || info.stateReason().equals("None") ? "" : " (" + info.stateReason() + ")");
    if (marker != null) {
      if (marker == 0) return TaskResult.success(submitted, started, ended, id);
      FailureKind kind = slurmKind != null && slurmKind != FailureKind.EXIT_CODE ? slurmKind : FailureKind.EXIT_CODE;
      return TaskResult.failure(kind, marker, "step " + t.point() + ": exited with status " + marker
          + " (Slurm job " + id + ", " + state + "; see " + t.workDir().resolve(BatchScript.STDERR) + ")",
          submitted, started, ended, id);
    }
    if (info == null) {
      return TaskResult.failure(FailureKind.LOST, -1, "step " + t.point() + ": Slurm job " + id
          + " is no longer known to slurmctld and left no exit marker in " + t.workDir()
          + "; it did not finish as far as anyone can tell", submitted, started, ended, id);
    }
    if (slurmKind == null) {
      return TaskResult.failure(FailureKind.LOST, -1, "step " + t.point() + ": Slurm job " + id + " ended in "
          + state + " but the point left no exit marker in " + t.workDir(), submitted, started, ended, id);
    }
    String why = switch (slurmKind) {
      case TIMEOUT -> "reached its time limit";
      case OUT_OF_MEMORY -> "ran out of memory";
      case CANCELLED -> "was cancelled";
      case NODE_FAIL -> "lost its node";
      case PREEMPTED -> "was preempted";
      case BOOT_FAIL -> "could not boot its node";
      case DEADLINE -> "missed its deadline";
      default -> "failed";
    };
    return TaskResult.failure(slurmKind, info.exitCode(), "step " + t.point() + ": Slurm job " + id + " "
        + why + " (" + state + ")", submitted, started, ended, id);
  }

  private static Integer readMarker(Task t) {
    try {
      String text = Files.readString(t.exitMarker(), StandardCharsets.UTF_8).strip();
      return Integer.parseInt(text.lines().findFirst().orElse("").strip());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, String> readIntent(Task t) {
    Map<String, String> m = new HashMap<>();
    try {
      for (String line : Files.readAllLines(t.workDir().resolve(INTENT_FILE))) {
        int eq = line.indexOf('=');
        if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    } catch (IOException e) {
      // No intent: this executor never submitted the point.
    }
    return m;
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void failAll(List<List<Task>> groups, TaskListener listener, FailureKind kind,
                              String message, Instant submitted) {
    for (List<Task> g : groups) {
      for (Task t : g) {
        listener.finished(t, TaskResult.failure(kind, -1, message, submitted, null, Instant.now(), null));
      }
    }
  }

  private void failEverything(FailureKind kind, String message) {
    for (Element el : List.copyOf(tracked.values())) {
      for (Task t : el.points) {
        finish(el, t, TaskResult.failure(kind, -1, message, el.submitted, null, Instant.now(), el.id()));
      }
      untrack(el);
    }
  }

  /** Array jobs submitted, array elements, polls, and the client's request counters. */
  @Override
  public Map<String, Long> statistics() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("slurm.jobs.submitted", submits.get());
    m.put("slurm.array.elements", elements.get());
    m.put("slurm.polls", polls.get());
    m.putAll(client.statistics());
    return m;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    client.close();
  }

  @Override
  public String toString() {
    return "SlurmExecutor[" + client + ", following " + tracked.size() + " array elements]";
  }
}
