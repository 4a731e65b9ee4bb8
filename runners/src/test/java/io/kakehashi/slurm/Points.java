package io.kakehashi.slurm;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Builds tasks the way the engine hands them over, and records what an executor reports. */
final class Points {
  private Points() {}

  static Task command(Path root, String runId, String step, int index, Resources r, String... argv)
      throws IOException {
    return task(root, runId, step, index, new Action.Command(List.of(argv)), r, List.of(argv));
  }

  static Task task(Path root, String runId, String step, int index, Action action, Resources r,
                   List<String> argv) throws IOException {
    Path wd = Files.createDirectories(root.resolve(step).resolve(Integer.toString(index)));
    String fp = Integer.toHexString((runId + step + index).hashCode());
    return new Task(runId, new PointKey(step, index), 1, fp, action, argv, Params.EMPTY, wd,
        Map.of("KK_POINT", Integer.toString(index)), r, Duration.ZERO, runId + "/" + fp, null);
  }

  /** A listener that remembers every report and lets a test wait for the ends. */
  static final class Recorder implements TaskListener {
    final Map<Task, String> ids = new ConcurrentHashMap<>();
    final Map<Task, Boolean> started = new ConcurrentHashMap<>();
    final Map<Task, TaskResult> results = new ConcurrentHashMap<>();
    final Map<Task, Integer> finishCalls = new ConcurrentHashMap<>();
    private final CountDownLatch latch;

    Recorder(int expected) {
      latch = new CountDownLatch(expected);
    }

    @Override
    public void submitted(Task task, String externalId) {
      ids.put(task, externalId);
    }

    @Override
    public void started(Task task) {
      started.put(task, true);
    }

    @Override
    public void finished(Task task, TaskResult result) {
      results.put(task, result);
      finishCalls.merge(task, 1, Integer::sum);
      latch.countDown();
    }

    Map<Task, TaskResult> await(Duration d) throws InterruptedException {
      if (!latch.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("only " + results.size() + " task(s) finished within " + d + ": " + results);
      }
      return results;
    }

    void awaitStarted(Task t, Duration d) throws InterruptedException {
      long end = System.nanoTime() + d.toNanos();
      while (!started.containsKey(t)) {
        if (System.nanoTime() > end) throw new AssertionError(t + " did not start within " + d);
        Thread.sleep(100);
      }
    }
  }
}
