package io.kakehashi.cli;

import io.kakehashi.event.Event;
import io.kakehashi.event.EventListener;
import io.kakehashi.event.RunState;
import io.kakehashi.plan.PointKey;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live line on the terminal: done, running (and which steps), failed and cached counts with an
 * ETA; on a non-terminal (CI logs) one line every ten seconds instead. Failures are printed as they
 * happen. A clock thread reprints the line while no event arrives, so a long single step (training
 * a model) still shows the time going by.
 */
final class ProgressLine implements EventListener, AutoCloseable {
  private final PrintStream out;
  private final boolean terminal;
  private long planned, succeeded, cached, failed, skipped;
  /** Points running, with when this line heard they started. */
  private final Map<PointKey, Long> running = new HashMap<>();
  /** The fraction done that running points reported last ({@code StepContext.progress}). */
  private final Map<PointKey, Double> fractions = new HashMap<>();
  private final long start = System.nanoTime();
  /** When the last point succeeded, and the time left that the line estimated then. */
  private long lastDone;
  private double leftAtLastDone;
  private final ScheduledExecutorService clock;
  private long lastPrint;
  private boolean lineOpen;
  private boolean finished;

  ProgressLine(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
    this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kakehashi-progress");
      t.setDaemon(true);
      return t;
    });
    long period = terminal ? 1 : 10;
    clock.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
  }

  private synchronized void tick() {
    if (!finished && planned > 0) print(false);
  }

  @Override
  public synchronized void close() {
    finished = true;
    clock.shutdownNow();
  }

  @Override
  public synchronized void onEvents(List<Event> events) {
    for (Event e : events) {
      if (e instanceof Event.StepPlanned p) planned += p.points().size();
      else if (e instanceof Event.PointCached) cached++;
      else if (e instanceof Event.PointStarted s) running.put(s.point(), System.nanoTime());
      else if (e instanceof Event.PointProgress p) fractions.put(p.point(), p.fraction());
      else if (e instanceof Event.PointSucceeded s) {
        running.remove(s.point());
        fractions.remove(s.point());
        succeeded++;
        lastDone = System.nanoTime();
        long left = planned - succeeded - cached - failed - skipped;
        leftAtLastDone = (lastDone - start) / 1e9 / succeeded * Math.max(0, left);
      } else if (e instanceof Event.PointFailed f) {
        running.remove(f.point());
        fractions.remove(f.point());
        if (!f.willRetry()) failed++;
        clearLine();
        out.println((f.willRetry() ? "retrying " : "FAILED ") + f.point() + " attempt " + f.attempt() + ": "
            + f.result().failure() + ": " + firstLine(f.result().message()));
      } else if (e instanceof Event.PointSkipped) skipped++;
      else if (e instanceof Event.RunFinished f) {
        print(true);
        clearLine();
        close();
        return;
      }
    }
    print(false);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " ...";
  }

  private void print(boolean force) {
    long now = System.nanoTime();
    long interval = terminal ? 200_000_000L : 10_000_000_000L;
    if (!force && now - lastPrint < interval) return;
    lastPrint = now;
    long done = succeeded + cached;
    double elapsed = (now - start) / 1e9;
    // The estimate made at the last success, counted down; once a long step outlasts it, none.
    String eta = "";
    long left = planned - done - failed - skipped;
    double etaSeconds = leftAtLastDone - (now - lastDone) / 1e9;
    if (succeeded > 0 && left > 0 && etaSeconds > 0) {
      eta = "  ETA " + format(Duration.ofSeconds((long) Math.ceil(etaSeconds)));
    }
    String line = String.format("[%s] %d/%d done (%d cached)  %d running%s  %d failed  %d skipped%s",
        format(Duration.ofSeconds((long) elapsed)), done, planned, cached, running.size(), runningSteps(now), failed,
        skipped, eta);
    if (terminal) {
      out.print("\r" + line + "\033[K");
      lineOpen = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  /**
   * " (relax, train)": the steps that have points running, at most three named; with one step,
   * how long its oldest running point has run, " (train 03:20)", and where that point reports
   * progress, how far it is and the time it has left at that pace, " (screen 02:10, 40%, 03:15 left)".
   */
  private String runningSteps(long now) {
    Set<String> steps = new TreeSet<>();
    long oldest = now;
    PointKey oldestPoint = null;
    for (Map.Entry<PointKey, Long> e : running.entrySet()) {
      steps.add(e.getKey().step());
      if (e.getValue() <= oldest) {
        oldest = e.getValue();
        oldestPoint = e.getKey();
      }
    }
    if (steps.isEmpty()) return "";
    if (steps.size() == 1) {
      Duration ran = Duration.ofNanos(now - oldest);
      Double fraction = fractions.get(oldestPoint);
      String done = "";
      if (fraction != null && fraction > 0) {
        double left = ran.toNanos() / 1e9 * (1 - fraction) / fraction;
        done = String.format(", %d%%, %s left", (int) Math.floor(fraction * 100),
            format(Duration.ofSeconds((long) Math.ceil(left))));
      }
      return " (" + steps.iterator().next() + " " + format(ran) + done + ")";
    }
    List<String> shown = steps.stream().limit(3).toList();
    return " (" + String.join(", ", shown) + (steps.size() > 3 ? ", ..." : "") + ")";
  }

  private void clearLine() {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%02d:%02d", s / 60, s % 60);
  }

  static int exitCode(RunState state) {
    return switch (state) {
      case SUCCEEDED -> 0;
      case FAILED -> 1;
      case CANCELLED, INTERRUPTED, RUNNING -> 3;
    };
  }
}
