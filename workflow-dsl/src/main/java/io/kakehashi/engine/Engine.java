package io.kakehashi.engine;

import io.kakehashi.event.Event;
import io.kakehashi.event.EventListener;
import io.kakehashi.event.OutputFile;
import io.kakehashi.event.RunState;
import io.kakehashi.executor.Executor;
import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PlannedPoint;
import io.kakehashi.plan.Planner;
import io.kakehashi.plan.PointKey;
import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.CachedResult;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Resources;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs workflows. One thread owns all run state: executors report through a queue, and each turn
 * of the loop handles every report that arrived, makes the resulting events durable in the run
 * store in one transaction, tells the other listeners, and only then hands newly ready points to
 * executors. That order is what makes {@code kill -9} safe: nothing is shown as done, and nothing
 * is submitted, before the store has it.
 */
public final class Engine implements AutoCloseable {
  private final RunStore store;
  private final WorkDirs workDirs;
  private final Map<String, Executor> executors;
  private final String defaultExecutor;
  private final Map<String, String> routes;
  private final List<EventListener> listeners;
  private final InProcessExecutor inProcess;
  /** Steps without environment need no key: no key file is made for homes that never use one. */
  private static final byte[] NO_KEY = new byte[0];
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private final AtomicBoolean detachRequested = new AtomicBoolean();
  private volatile LinkedBlockingQueue<Runnable> inbox;
  private final Map<Task, PointContext> contexts = new java.util.concurrent.ConcurrentHashMap<>();

  private Engine(Builder b) {
    this.store = Objects.requireNonNull(b.store, "a run store is required");
    this.workDirs = new WorkDirs(b.workRoot);
    this.executors = new LinkedHashMap<>(b.executors);
    this.defaultExecutor = b.defaultExecutor;
    this.routes = Map.copyOf(b.routes);
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.inProcess = new InProcessExecutor(b.functionThreads, this::contextFor);
    executors.put(InProcessExecutor.NAME, inProcess);
  }

  public static Builder builder() {
    return new Builder();
  }

  public RunStore store() {
    return store;
  }

  public Path workRoot() {
    return workDirs.root();
  }

  public void addListener(EventListener l) {
    listeners.add(l);
  }

  /** Starts a new run and blocks until it ends. */
  public RunOutcome run(Workflow workflow, String source, Map<String, String> parameters) {
    String runId = RunStore.newRunId();
    store.createRun(runId, workflow.name(), source, parameters);
    return new Run(runId, workflow, false).execute();
  }

  /** Starts a new run under a given id. */
  public RunOutcome run(String runId, Workflow workflow, String source, Map<String, String> parameters) {
    store.createRun(runId, workflow.name(), source, parameters);
    return new Run(runId, workflow, false).execute();
  }

  /**
   * Continues a run: completed points are reused, points in flight are re-attached where the
   * executor can find them, the rest run.
   */
  public RunOutcome resume(String runId, Workflow workflow) {
    RunSummary summary = store.run(runId).orElseThrow(() -> new EngineException("no run '" + runId + "' in " + store.file()));
    if (!summary.workflow().equals(workflow.name())) {
      throw new EngineException("run " + runId + " is of workflow '" + summary.workflow() + "', not '" + workflow.name() + "'");
    }
    return new Run(runId, workflow, true).execute();
  }

  /** Stops launching, cancels what runs (Ctrl-C, SIGTERM, {@code kakehashi cancel}). Safe from any thread. */
  public void cancel() {
    cancelRequested.set(true);
    wake();
  }

  /** Stops launching and leaves running external jobs alone, for a later resume to re-attach. */
  public void detach() {
    detachRequested.set(true);
    wake();
  }

  private void wake() {
    LinkedBlockingQueue<Runnable> q = inbox;
    if (q != null) q.add(() -> {});
  }

  @Override
  public void close() {
    for (Executor e : executors.values()) e.close();
  }

  private PointContext contextFor(Task task) {
    PointContext c = contexts.get(task);
    if (c == null) throw new IllegalStateException("no context for " + task);
    return c;
  }

  /** Engine configuration. */
  public static final class Builder {
    private RunStore store;
    private Path workRoot = Path.of(".kakehashi", "work");
    private final Map<String, Executor> executors = new LinkedHashMap<>();
    private String defaultExecutor = "local";
    private final Map<String, String> routes = new HashMap<>();
    private final List<EventListener> listeners = new ArrayList<>();
    private int functionThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

    public Builder store(RunStore s) {
      this.store = s;
      return this;
    }

    public Builder workRoot(Path p) {
      this.workRoot = p;
      return this;
    }

    /** Registers an executor under its {@link Executor#name()}. */
    public Builder executor(Executor e) {
      executors.put(e.name(), e);
      return this;
    }

    /** The executor for command and MPI steps that no route names. */
    public Builder defaultExecutor(String name) {
      this.defaultExecutor = name;
      return this;
    }

    /** Runs step {@code step} on executor {@code executor}. */
    public Builder route(String step, String executor) {
      routes.put(step, executor);
      return this;
    }

    public Builder listener(EventListener l) {
      listeners.add(l);
      return this;
    }

    public Builder functionThreads(int n) {
      this.functionThreads = n;
      return this;
    }

    public Engine build() {
      return new Engine(this);
    }
  }

  // ------------------------------------------------------------------------------------------

  private enum State { WAITING, READY, RETRY_WAIT, SUBMITTED, RUNNING, SUCCEEDED, CACHED, FAILED, SKIPPED }

  private static final class Node {
    final StepRun step;
    final PlannedPoint plan;
    State state = State.WAITING;
    int attempt;
    int failures;
    Resources resources;
    int waitingOn;
    final List<Node> dependents = new ArrayList<>(2);
    Path workDir;
    List<OutputFile> outputs = List.of();
    Map<String, Object> values = Map.of();
    AttemptRecord inFlight;
    /** Attempts whose engine died or that were cancelled: their staging directories go when the node ends. */
    List<Integer> interrupted;
    long retryAt;
    String executor;

    Node(StepRun step, PlannedPoint plan) {
      this.step = step;
      this.plan = plan;
      this.resources = step.step.resources();
    }

    boolean done() {
      return state == State.SUCCEEDED || state == State.CACHED;
    }

    boolean ended() {
      return done() || state == State.FAILED || state == State.SKIPPED;
    }
  }

  private static final class StepRun {
    final Step step;
    List<Node> nodes;
    int remaining; // nodes not yet ended
    boolean failed;

    StepRun(Step step) {
      this.step = step;
    }

    boolean planned() {
      return nodes != null;
    }

    boolean allDone() {
      if (nodes == null) return false;
      for (Node n : nodes) if (!n.done()) return false;
      return true;
    }
  }

  /** One execution of a run: all mutable state lives here and is touched by the engine thread only. */
  private final class Run implements TaskListener {
    private final String runId;
    private final Workflow workflow;
    private final boolean resumed;
    private final Map<String, StepRun> steps = new LinkedHashMap<>();
    private final List<Event> pending = new ArrayList<>();
    private final Map<String, ArrayDeque<Node>> ready = new LinkedHashMap<>();
    private final PriorityQueue<Node> retries = new PriorityQueue<>((a, b) -> Long.compare(a.retryAt, b.retryAt));
    private final Map<String, Integer> coresInUse = new HashMap<>();
    private final Map<Task, Node> running = new java.util.IdentityHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<PointKey, AttemptRecord> inFlight = new HashMap<>();
    // Attempts are history: a resumed point's next attempt numbers on from its last recorded one.
    private final Map<PointKey, Integer> lastAttempt = new HashMap<>();
    private final Map<PointKey, List<Integer>> interrupted = new HashMap<>();
    private boolean stopping;
    private boolean cancelSent;
    private int unplanned;
    private int succeeded, cached, failed, skipped;
    private final long startNanos = System.nanoTime();

    Run(String runId, Workflow workflow, boolean resumed) {
      this.runId = runId;
      this.workflow = workflow;
      this.resumed = resumed;
      for (Step s : workflow.steps().values()) steps.put(s.name(), new StepRun(s));
      unplanned = steps.size();
    }

    RunOutcome execute() {
      cancelRequested.set(false);
      detachRequested.set(false);
      inbox = new LinkedBlockingQueue<>();
      Map<String, List<String>> dag = new LinkedHashMap<>();
      if (workflow.steps().size() <= 10_000) {
        for (Step st : workflow.steps().values()) dag.put(st.name(), st.upstream());
      }
      emit(new Event.RunStarted(runId, Instant.now(), workflow.name(), resumed, dag));
      if (resumed) loadInFlight();
      checkCapacity();
      planWhatCan();
      flush();
      try {
        loop();
      } catch (RuntimeException e) {
        // Record what we know, then stop everything we started: a broken store or engine must
        // not leave work running unobserved.
        stopping = true;
        cancelRunning();
        try {
          emit(new Event.RunNote(runId, Instant.now(), "engine-error", e.toString()));
          emit(new Event.RunFinished(runId, Instant.now(), RunState.FAILED, statistics()));
          flush();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        inbox = null;
      }
      RunState state = detachRequested.get() ? RunState.INTERRUPTED
          : cancelRequested.get() ? RunState.CANCELLED
          : failed > 0 || skipped > 0 ? RunState.FAILED : RunState.SUCCEEDED;
      Map<String, Long> stats = statistics();
      emit(new Event.RunFinished(runId, Instant.now(), state, stats));
      flush();
      return new RunOutcome(runId, state, succeeded, cached, failed, skipped, List.copyOf(failures),
          Duration.ofNanos(System.nanoTime() - startNanos), stats);
    }

    private Map<String, Long> statistics() {
      Map<String, Long> s = new TreeMap<>();
      s.put("points.succeeded", (long) succeeded);
      s.put("points.cached", (long) cached);
      s.put("points.failed", (long) failed);
      s.put("points.skipped", (long) skipped);
      for (Executor e : executors.values()) {
        for (Map.Entry<String, Long> x : e.statistics().entrySet()) {
          String k = x.getKey().startsWith(e.name() + ".") ? x.getKey() : e.name() + "." + x.getKey();
          s.put(k, x.getValue());
        }
      }
      return s;
    }

    private void loadInFlight() {
      for (AttemptRecord a : store.attempts(runId)) {
        if (a.state().equals("SUBMITTED") || a.state().equals("RUNNING")) inFlight.put(a.key(), a);
        else inFlight.remove(a.key());
        lastAttempt.merge(a.key(), a.attempt(), Math::max);
        if (FailureKind.CANCELLED.name().equals(a.failure()) || FailureKind.LOST.name().equals(a.failure())) {
          interrupted.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.attempt());
        }
      }
    }

    /** A step that needs more cores than its executor has can never run: say so before starting. */
    private void checkCapacity() {
      for (StepRun s : steps.values()) {
        Executor e = executorFor(s.step);
        if (s.step.resources().cores() > e.capacity()) {
          throw new EngineException("step '" + s.step.name() + "' needs " + s.step.resources().cores()
              + " cores but executor '" + e.name() + "' has " + e.capacity());
        }
      }
    }

    private Executor executorFor(Step step) {
      if (step.action() instanceof Action.Function) return inProcess;
      String name = routes.getOrDefault(step.name(), defaultExecutor);
      Executor e = executors.get(name);
      if (e == null) {
        throw new EngineException("step '" + step.name() + "' is routed to executor '" + name
            + "', which is not configured (configured: " + executors.keySet() + ")");
      }
      if (!e.supports(step.action())) {
        throw new EngineException("executor '" + name + "' cannot run step '" + step.name() + "'");
      }
      return e;
    }

    // ---- planning ----

    private void planWhatCan() {
      if (unplanned == 0) return;
      boolean progress = true;
      while (progress) {
        progress = false;
        for (StepRun s : steps.values()) {
          if (s.planned() || !plannable(s)) continue;
          unplanned--;
          plan(s);
          progress = true;
        }
      }
    }

    private boolean plannable(StepRun s) {
      for (String u : s.step.upstream()) if (!steps.get(u).planned()) return false;
      if (s.step.sweep().isDynamic()) {
        StepRun src = steps.get(s.step.sweep().sourceStep());
        return src.allDone();
      }
      return true;
    }

    private void plan(StepRun s) {
      List<Params> points;
      if (s.step.sweep().isDynamic()) {
        Sweep sw = s.step.sweep();
        List<Params> expanded = new ArrayList<>();
        for (Node src : steps.get(sw.sourceStep()).nodes) {
          expanded.addAll(Sweep.expand("step '" + s.step.name() + "' sweep from " + sw.sourceStep() + "." + sw.sourceKey(),
              src.values.get(sw.sourceKey())));
        }
        points = expanded;
      } else {
        points = s.step.sweep().points();
      }
      Map<String, List<PlannedPoint>> upstream = new HashMap<>();
      for (String u : s.step.upstream()) {
        upstream.put(u, steps.get(u).nodes.stream().map(n -> n.plan).toList());
      }
      List<PlannedPoint> planned;
      try {
        planned = Planner.plan(s.step, points, upstream, s.step.environment().isEmpty() ? NO_KEY : store.fingerprintKey());
      } catch (IllegalStateException e) {
        throw new EngineException(e.getMessage(), e);
      }
      List<Node> nodes = new ArrayList<>(planned.size());
      for (PlannedPoint pp : planned) nodes.add(new Node(s, pp));
      s.nodes = nodes;
      s.remaining = nodes.size();
      Map<String, StepRun> byName = steps;
      List<String> wholeSteps = s.step.wholeStepDependencies();
      for (Node n : nodes) {
        if (wholeSteps.isEmpty() && n.plan.inputs().isEmpty()) continue;
        // Wire dependencies: each distinct upstream point once.
        java.util.Set<Node> ups = new java.util.LinkedHashSet<>();
        for (List<PointKey> keys : n.plan.inputs().values()) {
          for (PointKey k : keys) ups.add(byName.get(k.step()).nodes.get(k.index()));
        }
        for (String u : wholeSteps) ups.addAll(byName.get(u).nodes);
        for (Node up : ups) {
          if (up.state == State.FAILED || up.state == State.SKIPPED) {
            n.waitingOn = -1;
          } else if (!up.done()) {
            n.waitingOn++;
            up.dependents.add(n);
          }
        }
      }
      // Reuse completed results: the same mechanism serves caching across runs and resume.
      Map<String, CachedResult> hits = store.completedAmong(s.step.name(),
          nodes.stream().map(x -> x.plan.fingerprint()).toList());
      Map<PointKey, Map<String, String>> previous = null;
      List<String> reasons = new ArrayList<>(nodes.size());
      List<CachedResult> reuse = new ArrayList<>(nodes.size());
      for (Node n : nodes) {
        CachedResult hit = hits.get(n.plan.fingerprint());
        if (hit != null && n.waitingOn >= 0 && outputsIntact(hit)) {
          reuse.add(hit);
          reasons.add(null);
          continue;
        }
        reuse.add(null);
        if (previous == null) previous = store.previousParts(runId, s.step.name());
        reasons.add(reason(n, hit, previous.get(n.plan.key())));
      }
      emit(new Event.StepPlanned(runId, Instant.now(), s.step.name(), planned, reasons));
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        if (n.waitingOn < 0) {
          skip(n, "an upstream point failed");
          continue;
        }
        n.attempt = lastAttempt.getOrDefault(n.plan.key(), 0);
        n.interrupted = interrupted.remove(n.plan.key());
        CachedResult hit = reuse.get(i);
        if (hit != null) {
          n.state = State.CACHED;
          n.workDir = hit.workDir() == null ? null : Path.of(hit.workDir());
          n.outputs = hit.outputs();
          n.values = hit.values() == null ? Map.of() : hit.values();
          emit(new Event.PointCached(runId, Instant.now(), n.plan.key(), n.plan.fingerprint(), hit.runId()));
          cached++;
          endNode(n);
          continue;
        }
        n.inFlight = inFlight.get(n.plan.key());
        if (n.inFlight != null) n.attempt = n.inFlight.attempt();
        if (n.waitingOn == 0) markReady(n);
      }
    }

    private boolean outputsIntact(CachedResult r) {
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

    private String reason(Node n, CachedResult hit, Map<String, String> before) {
      if (hit != null) return "its earlier outputs vanished or changed size";
      if (before == null) return resumed ? "not completed before" : "new point";
      List<String> changed = new ArrayList<>();
      java.util.Set<String> names = new java.util.TreeSet<>(before.keySet());
      names.addAll(n.plan.parts().keySet());
      for (String k : names) {
        if (!Objects.equals(before.get(k), n.plan.parts().get(k))) {
          changed.add(k + (before.containsKey(k) ? (n.plan.parts().containsKey(k) ? " changed" : " removed") : " added"));
        }
      }
      return changed.isEmpty() ? "not completed before" : String.join(", ", changed);
    }

    private void markReady(Node n) {
      n.state = State.READY;
      ready.computeIfAbsent(n.step.step.name(), k -> new ArrayDeque<>()).add(n);
    }

    // ---- the loop ----

    private void loop() {
      while (true) {
        if ((cancelRequested.get() || detachRequested.get()) && !stopping) {
          stopping = true;
          if (!detachRequested.get()) cancelRunning();
        }
        if (!stopping) {
          releaseRetries();
          dispatch();
        }
        flush();
        if (running.isEmpty() && (stopping || (ready.isEmpty() && retries.isEmpty()))) {
          if (detachRequested.get() || cancelRequested.get() || stopping) {
            skipUnfinished(cancelRequested.get() || detachRequested.get() ? "the run was stopped" : "the run stopped after a failure");
          } else {
            skipUnfinished("its inputs were never produced");
          }
          flush();
          return;
        }
        if (detachRequested.get() && stopping) {
          // Leave external jobs running; a resume re-attaches to them.
          running.clear();
          continue;
        }
        waitForReports();
      }
    }

    private void waitForReports() {
      long timeoutMs = retries.isEmpty() ? 1000 : Math.max(1, retries.peek().retryAt - System.currentTimeMillis());
      try {
        Runnable r = inbox.poll(Math.min(timeoutMs, 1000), TimeUnit.MILLISECONDS);
        if (r == null) return;
        r.run();
        List<Runnable> more = new ArrayList<>();
        inbox.drainTo(more, 100_000);
        for (Runnable m : more) m.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancelRequested.set(true);
      }
    }

    private void releaseRetries() {
      long now = System.currentTimeMillis();
      while (!retries.isEmpty() && retries.peek().retryAt <= now) markReady(retries.poll());
    }

    private void cancelRunning() {
      if (cancelSent) return;
      cancelSent = true;
      Map<Executor, List<Task>> byExecutor = new HashMap<>();
      for (Map.Entry<Task, Node> e : running.entrySet()) {
        byExecutor.computeIfAbsent(executors.get(e.getValue().executor), k -> new ArrayList<>()).add(e.getKey());
      }
      byExecutor.forEach(Executor::cancel);
    }

    private void skipUnfinished(String why) {
      for (StepRun s : steps.values()) {
        if (!s.planned()) continue;
        for (Node n : s.nodes) {
          if (!n.ended() && !running.containsValue(n)) skip(n, why);
        }
      }
      ready.clear();
      retries.clear();
    }

    private void dispatch() {
      if (ready.isEmpty()) return;
      List<Runnable> submissions = new ArrayList<>();
      var it = ready.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, ArrayDeque<Node>> e = it.next();
        StepRun s = steps.get(e.getKey());
        Executor executor = executorFor(s.step);
        int capacity = executor.capacity();
        List<Task> fresh = new ArrayList<>();
        List<Task> reattach = new ArrayList<>();
        ArrayDeque<Node> queue = e.getValue();
        while (!queue.isEmpty()) {
          Node n = queue.peek();
          if (n.state != State.READY) { // skipped while it waited
            queue.poll();
            continue;
          }
          int cores = n.resources.cores();
          int used = coresInUse.getOrDefault(executor.name(), 0);
          if (capacity != Integer.MAX_VALUE && used > 0 && used + cores > capacity) break;
          queue.poll();
          coresInUse.merge(executor.name(), cores, Integer::sum);
          n.executor = executor.name();
          Task t;
          if (n.inFlight != null && n.inFlight.executor() != null && n.inFlight.executor().equals(executor.name())) {
            t = task(n, n.inFlight.attempt(), n.inFlight.externalId(), false);
            n.inFlight = null;
            if (t != null) reattach.add(t);
          } else {
            n.inFlight = null;
            t = task(n, n.attempt + 1, null, true);
            if (t != null) fresh.add(t);
          }
        }
        if (queue.isEmpty()) it.remove();
        if (!reattach.isEmpty()) {
          submissions.add(() -> {
            List<Task> lost = executor.reattach(reattach, this);
            if (!lost.isEmpty()) {
              // The executor could not find these: run them again as new attempts.
              List<Task> again = new ArrayList<>();
              for (Task t : lost) {
                Node n = running.remove(t);
                contexts.remove(t);
                // The attempt ended with the engine that launched it: record that before the next one.
                Instant now = Instant.now();
                emit(new Event.PointFailed(runId, now, t.point(), t.attempt(), executor.name(),
                    TaskResult.failure(FailureKind.LOST, -1, "gone when the run resumed; running it again", null, null,
                        now, t.externalId()), true));
                if (n.interrupted == null) n.interrupted = new ArrayList<>(1);
                n.interrupted.add(t.attempt());
                Task nt = task(n, t.attempt() + 1, null, true);
                if (nt != null) again.add(nt);
              }
              flush();
              if (!again.isEmpty()) executor.submit(again, this);
            }
          });
        }
        if (!fresh.isEmpty()) submissions.add(() -> executor.submit(fresh, this));
      }
      // Intent first, then the hand-over: a crash in between is seen by resume as an in-flight attempt.
      flush();
      for (Runnable r : submissions) r.run();
    }

    /** Builds the task for an attempt; null if it could not even be prepared (the node has then failed or retries). */
    private Task task(Node n, int attempt, String externalId, boolean announce) {
      Step step = n.step.step;
      PointKey key = n.plan.key();
      Path staging = workDirs.staging(key, n.plan.fingerprint(), attempt);
      boolean function = step.action() instanceof Action.Function;
      Instant now = Instant.now();
      n.attempt = attempt;
      if (announce && !function) emit(new Event.PointSubmitted(runId, now, key, attempt, n.executor, n.resources));
      List<String> argv;
      Map<String, PointContext.InputData> inputs = inputsOf(n);
      try {
        argv = function ? List.of() : Templates.expand(step, n.plan.params(), inputs, staging);
        if (!function && announce) workDirs.prepare(staging);
      } catch (IOException | IllegalArgumentException e) {
        String msg = e instanceof IOException
            ? "cannot prepare work dir " + staging + ": " + e.getMessage()
            : e.getMessage();
        Task t = new Task(runId, key, attempt, n.plan.fingerprint(), step.action(), List.of(), n.plan.params(),
            staging, step.environment(), n.resources, step.timeout(), tag(n), null);
        running.put(t, n);
        n.state = State.SUBMITTED;
        TaskResult failure = TaskResult.failure(FailureKind.LAUNCH_ERROR, -1, msg, now, null, Instant.now(), null);
        inbox.add(() -> finishedOnLoop(t, failure));
        return null;
      }
      Task t = new Task(runId, key, attempt, n.plan.fingerprint(), step.action(), argv, n.plan.params(), staging,
          step.environment(), n.resources, step.timeout(), tag(n), externalId);
      if (function) {
        contexts.put(t, new PointContext(step.name(), key.index(), n.plan.params(), staging, inputs,
            f -> progress(t, f)));
      }
      n.state = State.SUBMITTED;
      running.put(t, n);
      return t;
    }

    private String tag(Node n) {
      return "kh-" + runId + "-" + n.plan.fingerprint().substring(0, 16);
    }

    private Map<String, PointContext.InputData> inputsOf(Node n) {
      if (n.plan.inputs().isEmpty()) return Map.of();
      Map<String, PointContext.InputData> out = new LinkedHashMap<>();
      for (Map.Entry<String, List<PointKey>> e : n.plan.inputs().entrySet()) {
        String output = n.step.step.inputs().get(e.getKey()).output();
        List<Path> files = new ArrayList<>(e.getValue().size());
        List<Map<String, Object>> values = new ArrayList<>(e.getValue().size());
        List<Params> params = new ArrayList<>(e.getValue().size());
        for (PointKey k : e.getValue()) {
          Node up = steps.get(k.step()).nodes.get(k.index());
          if (output != null) files.add(up.workDir.resolve(output));
          values.add(up.values);
          params.add(up.plan.params());
        }
        out.put(e.getKey(), new PointContext.InputData(files, values, params));
      }
      return out;
    }

    // ---- reports from executors (any thread) ----

    @Override
    public void submitted(Task task, String externalId) {
      inbox.add(() -> {
        if (running.containsKey(task)) {
          emit(new Event.PointExternalId(runId, Instant.now(), task.point(), task.attempt(), externalId));
        }
      });
    }

    @Override
    public void started(Task task) {
      inbox.add(() -> {
        Node n = running.get(task);
        if (n != null && n.state == State.SUBMITTED) {
          n.state = State.RUNNING;
          emit(new Event.PointStarted(runId, Instant.now(), task.point(), task.attempt()));
        }
      });
    }

    @Override
    public void progress(Task task, double fraction) {
      LinkedBlockingQueue<Runnable> q = inbox;
      if (q != null) q.add(() -> emit(new Event.PointProgress(runId, Instant.now(), task.point(), fraction)));
    }

    @Override
    public void finished(Task task, TaskResult result) {
      inbox.add(() -> finishedOnLoop(task, result));
    }

    private void finishedOnLoop(Task task, TaskResult result) {
      Node n = running.remove(task);
      if (n == null) return; // a late report for a task already given up (detached)
      coresInUse.merge(n.executor, -n.resources.cores(), Integer::sum);
      PointContext ctx = contexts.remove(task);
      Step step = n.step.step;
      if (result.succeeded()) {
        Path staging = task.workDir();
        boolean hasDir = ctx == null || ctx.usedWorkDir();
        List<String> missing = hasDir ? WorkDirs.missing(staging, step.outputs()) : step.outputs();
        if (!missing.isEmpty()) {
          result = TaskResult.failure(FailureKind.MISSING_OUTPUT, result.exitCode(),
              "step '" + step.name() + "' point " + n.plan.key().index() + " exited normally but did not write "
                  + missing + " in " + staging, result.submitted(), result.started(), result.ended(), result.externalId());
        } else {
          try {
            Path target = hasDir ? workDirs.published(n.plan.key(), n.plan.fingerprint()) : null;
            n.outputs = hasDir ? workDirs.publish(staging, target, step.outputs()) : List.of();
            n.workDir = target;
            n.values = ctx == null ? Map.of() : ctx.values();
            n.state = State.SUCCEEDED;
            succeeded++;
            emit(new Event.PointSucceeded(runId, Instant.now(), n.plan.key(), task.attempt(), n.executor, n.plan.fingerprint(),
                n.workDir == null ? null : n.workDir.toString(), n.outputs, n.values, result));
            endNode(n);
            return;
          } catch (IOException e) {
            result = TaskResult.failure(FailureKind.LAUNCH_ERROR, result.exitCode(),
                "could not publish outputs of step '" + step.name() + "': " + e.getMessage(),
                result.submitted(), result.started(), result.ended(), result.externalId());
          }
        }
      }
      if (result.failure() == FailureKind.CANCELLED && (cancelRequested.get() || detachRequested.get())) {
        emit(new Event.PointFailed(runId, Instant.now(), n.plan.key(), task.attempt(), n.executor, result, false));
        skip(n, "cancelled");
        return;
      }
      n.failures++;
      boolean retry = !stopping && step.retry().retries(result.failure(), n.failures);
      emit(new Event.PointFailed(runId, Instant.now(), n.plan.key(), task.attempt(), n.executor, result, retry));
      if (retry) {
        n.resources = step.retry().escalate(n.resources, result.failure());
        n.state = State.RETRY_WAIT;
        n.retryAt = System.currentTimeMillis() + step.retry().delayBefore(n.failures + 1).toMillis();
        retries.add(n);
        return;
      }
      n.state = State.FAILED;
      failed++;
      n.step.failed = true;
      failures.add(step.name() + "[" + n.plan.key().index() + "] " + n.plan.params() + ": " + result.failure()
          + ": " + result.message());
      endNode(n);
      if (workflow.failureMode() == io.kakehashi.workflow.FailureMode.STOP_ALL) stopping = true;
    }

    /** A node reached an end state: release or skip what depends on it, plan steps that became plannable. */
    private void endNode(Node n) {
      removeInterruptedStaging(n);
      n.step.remaining--;
      boolean ok = n.done();
      for (Node d : n.dependents) {
        if (d.ended()) continue;
        if (!ok) {
          skip(d, "upstream " + n.plan.key() + " failed");
        } else if (--d.waitingOn == 0 && d.state == State.WAITING) {
          markReady(d);
        }
      }
      if (n.step.remaining == 0) planWhatCan();
    }

    /**
     * Staging directories of the node's killed or cancelled attempts hold nothing but partial
     * output (their processes are gone, and the next attempt's logs are what 'logs' shows), so
     * they go once the node ends; its failed attempts' directories stay for their logs.
     */
    private void removeInterruptedStaging(Node n) {
      if (n.interrupted == null) return;
      for (int a : n.interrupted) {
        try {
          WorkDirs.deleteTree(workDirs.staging(n.plan.key(), n.plan.fingerprint(), a));
        } catch (IOException e) {
          emit(new Event.RunNote(runId, Instant.now(), "cleanup", "could not remove the staging directory of "
              + n.plan.key() + " attempt " + a + ": " + e.getMessage()));
        }
      }
      n.interrupted = null;
    }

    private void skip(Node n, String reason) {
      if (n.ended()) return;
      n.state = State.SKIPPED;
      skipped++;
      emit(new Event.PointSkipped(runId, Instant.now(), n.plan.key(), reason));
      n.step.remaining--;
      for (Node d : n.dependents) skip(d, "upstream " + n.plan.key() + " did not complete");
    }

    private void emit(Event e) {
      pending.add(e);
    }

    /** The store first (durable), then everyone else. */
    private void flush() {
      if (pending.isEmpty()) return;
      List<Event> batch = List.copyOf(pending);
      pending.clear();
      store.onEvents(batch);
      for (EventListener l : listeners) {
        try {
          l.onEvents(batch);
        } catch (RuntimeException e) {
          // A broken display must not stop a run; the store already has the events.
          System.err.println("kakehashi: event listener failed: " + e);
        }
      }
    }
  }

  /** The directory an attempt ran in (where its logs are), whether or not it was published. */
  public static Path attemptDir(Path workRoot, PointKey key, String fingerprint, int attempt) {
    return new WorkDirs(workRoot).staging(key, fingerprint, attempt);
  }

}
