package io.kakehashi.engine;

import io.kakehashi.event.EventListener;
import io.kakehashi.executor.Executor;
import io.kakehashi.executor.Task;
import io.kakehashi.plan.PointKey;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs workflows. One thread owns all run state: executors report through a queue, and each turn
 * of the loop handles every report that arrived, makes the resulting events durable in the run
 * store in one transaction, tells the other listeners, and only then hands newly ready points to
 * executors. That order is what makes {@code kill -9} safe: nothing is shown as done, and nothing
 * is submitted, before the store has it. This class is the configuration and the entry points;
 * a run itself is a {@link Run}.
 */
public final class Engine implements AutoCloseable {
  private final RunStore store;
  private final WorkDirs workDirs;
  private final Routes routes;
  private final List<EventListener> listeners;
  private final Inbox inbox = new Inbox();
  /** What each running function attempt reads and writes, for the in-process executor's threads. */
  private final Map<Task, PointContext> contexts = new ConcurrentHashMap<>();

  private Engine(Builder b) {
    this.store = Objects.requireNonNull(b.store, "a run store is required");
    this.workDirs = new WorkDirs(b.workRoot);
    Map<String, Executor> executors = new LinkedHashMap<>(b.executors);
    InProcessExecutor inProcess = new InProcessExecutor(b.functionThreads, this::contextFor);
    executors.put(InProcessExecutor.NAME, inProcess);
    this.routes = new Routes(Collections.unmodifiableMap(executors), b.defaultExecutor, Map.copyOf(b.routes), inProcess);
    this.listeners = List.copyOf(b.listeners);
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

  /** Starts a new run and blocks until it ends. */
  public RunOutcome run(Workflow workflow, String source, Map<String, String> parameters) {
    String runId = RunStore.newRunId();
    store.createRun(runId, workflow.name(), source, parameters);
    return newRun(runId, workflow, false).execute();
  }

  /** Starts a new run under a given id. */
  public RunOutcome run(String runId, Workflow workflow, String source, Map<String, String> parameters) {
    store.createRun(runId, workflow.name(), source, parameters);
    return newRun(runId, workflow, false).execute();
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
    return newRun(runId, workflow, true).execute();
  }

  private Run newRun(String runId, Workflow workflow, boolean resumed) {
    return new Run(runId, workflow, resumed, store, new EventStream(store, listeners), workDirs, routes, contexts, inbox);
  }

  /** Stops launching, cancels what runs (Ctrl-C, SIGTERM, {@code kakehashi cancel}). Safe from any thread. */
  public void cancel() {
    inbox.cancel();
  }

  /** Stops launching and leaves running external jobs alone, for a later resume to re-attach. */
  public void detach() {
    inbox.detach();
  }

  @Override
  public void close() {
    for (Executor e : routes.executors().values()) e.close();
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

  /** The directory an attempt ran in (where its logs are), whether or not it was published. */
  public static Path attemptDir(Path workRoot, PointKey key, String fingerprint, int attempt) {
    return new WorkDirs(workRoot).staging(key, fingerprint, attempt);
  }

}
