package io.kakehashi.cli;

import io.kakehashi.engine.Engine;
import io.kakehashi.engine.EngineLock;
import io.kakehashi.engine.RunOutcome;
import io.kakehashi.executor.Executor;
import io.kakehashi.report.HtmlReport;
import io.kakehashi.spark.SparkSessions;
import io.kakehashi.store.RunStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** What run and resume share: the home's engine lock, the engine from settings, signals, the summary. */
final class Runs {
  private Runs() {}

  static int execute(Settings settings, String runId, boolean detach, Function<Engine, RunOutcome> body) {
    // First of all, before anything is recorded: one engine per home (EngineLock says why).
    try (EngineLock ignored = EngineLock.acquire(settings.home, runId)) {
      return drive(settings, runId, detach, body);
    }
  }

  private static int drive(Settings settings, String runId, boolean detach, Function<Engine, RunOutcome> body) {
    // Steps that use Spark (HDF5 ingest) get the session these spark.* settings describe.
    SparkSessions.configure(settings.values);
    RunStore store = RunStore.open(settings.storeFile());
    Engine.Builder b = Engine.builder().store(store).workRoot(settings.workRoot())
        .defaultExecutor(settings.defaultExecutor());
    for (Executor e : settings.executors().values()) b.executor(e);
    settings.routes().forEach(b::route);
    ProgressLine progress = new ProgressLine(System.err, System.console() != null);
    b.listener(progress);
    Engine engine = b.build();
    CountDownLatch finished = new CountDownLatch(1);
    AtomicInteger exitCode = new AtomicInteger(Main.INTERNAL);
    // Ctrl-C and SIGTERM (kakehashi cancel): stop launching, stop what runs, record it, then exit
    // with the run's own exit code rather than the signal's.
    Thread hook = new Thread(() -> {
      if (detach) engine.detach(); else engine.cancel();
      try {
        if (finished.await(60, TimeUnit.SECONDS)) Runtime.getRuntime().halt(exitCode.get());
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "kakehashi-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      RunOutcome out = body.apply(engine);
      summarize(out);
      report(settings, store, out.runId());
      exitCode.set(ProgressLine.exitCode(out.state()));
      return exitCode.get();
    } finally {
      progress.close();
      engine.close();
      store.close();
      SparkSessions.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it exits with exitCode once we count down
      }
      finished.countDown();
    }
  }

  /** Every run ends with its report; a report that cannot be drawn costs a warning, not the run. */
  private static void report(Settings settings, RunStore store, String runId) {
    Path file = settings.reportFile(runId);
    try {
      new HtmlReport(store, store.run(runId).orElseThrow()).write(file);
      System.err.println("report: " + file);
    } catch (IOException | RuntimeException e) {
      System.err.println("kakehashi: could not write the report " + file + ": " + e + " (try 'kakehashi report " + runId + "')");
    }
  }

  private static void summarize(RunOutcome out) {
    System.err.printf("run %s %s in %s: %d succeeded, %d cached, %d failed, %d skipped%n", out.runId(),
        out.state().name().toLowerCase(), ProgressLine.format(out.elapsed()), out.succeeded(), out.cached(),
        out.failed(), out.skipped());
    for (String f : out.failures()) System.err.println("  failed: " + f);
    out.statistics().forEach((k, v) -> {
      if (!k.startsWith("points.") && v != 0) System.err.println("  " + k + ": " + v);
    });
    if (!out.ok()) System.err.println("resume with: kakehashi resume " + out.runId());
  }
}
