package io.kakehashi.engine;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs function steps on a pool of the engine's own threads. */
final class InProcessExecutor implements Executor {
  static final String NAME = "in-process";

  private final ExecutorService pool;
  private final Function<Task, PointContext> contexts;
  private record Running(Future<?> future, TaskListener listener, Instant submitted) {}

  private final Map<Task, Running> running = new ConcurrentHashMap<>();

  InProcessExecutor(int threads, Function<Task, PointContext> contexts) {
    this.contexts = contexts;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "kakehashi-function");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean supports(Action action) {
    return action instanceof Action.Function;
  }

  @Override
  public void submit(List<Task> tasks, TaskListener listener) {
    Instant submitted = Instant.now();
    for (Task task : tasks) {
      // Registered before the task can run, so that runOne's removal always follows this put.
      FutureTask<Void> f = new FutureTask<>(
          () -> runOne(task, listener, submitted), null);
      running.put(task, new Running(f, listener, submitted));
      pool.execute(f);
    }
  }

  private void runOne(Task task, TaskListener listener, Instant submitted) {
    Instant started = Instant.now();
    listener.started(task);
    TaskResult result;
    try {
      PointContext ctx = contexts.apply(task);
      ((Action.Function) task.action()).function().run(ctx);
      result = TaskResult.success(submitted, started, Instant.now(), null);
    } catch (InterruptedException e) {
      result = TaskResult.failure(FailureKind.CANCELLED, -1, "interrupted", submitted, started, Instant.now(), null);
    } catch (Throwable e) {
      result = TaskResult.failure(FailureKind.EXIT_CODE, 1, describe(e), submitted, started, Instant.now(), null);
    } finally {
      running.remove(task);
    }
    listener.finished(task, result);
  }

  /** The exception and its causes on one line each, plus the first frames of the innermost. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    Throwable t = e;
    Throwable last = e;
    while (t != null) {
      if (!sb.isEmpty()) sb.append("\n  caused by ");
      sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
      last = t;
      t = t.getCause() == t ? null : t.getCause();
    }
    StackTraceElement[] frames = last.getStackTrace();
    for (int i = 0; i < Math.min(3, frames.length); i++) sb.append("\n    at ").append(frames[i]);
    return sb.toString();
  }

  @Override
  public void cancel(Collection<Task> tasks) {
    for (Task t : tasks) {
      Running r = running.get(t);
      if (r == null) continue;
      // A task cancelled before it began never reaches runOne: report its end here.
      if (r.future().cancel(false)) {
        running.remove(t);
        r.listener().finished(t, TaskResult.failure(FailureKind.CANCELLED, -1, "cancelled before it started",
            r.submitted(), null, Instant.now(), null));
      } else {
        r.future().cancel(true);
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
