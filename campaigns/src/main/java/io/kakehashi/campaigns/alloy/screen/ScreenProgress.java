package io.kakehashi.campaigns.alloy.screen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;

/**
 * Counts screened candidates from any number of threads and reports the fraction done each time
 * it passes another percent: at most a hundred progress events for a screen of any size.
 */
public final class ScreenProgress implements LongConsumer {
  private final long total;
  private final DoubleConsumer report;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong reportedPercent = new AtomicLong();

  public ScreenProgress(long total, DoubleConsumer report) {
    if (total < 1) throw new IllegalArgumentException("total must be >= 1, got " + total);
    this.total = total;
    this.report = report;
  }

  @Override
  public void accept(long screened) {
    long now = done.addAndGet(screened);
    long percent = Math.min(100, now * 100 / total);
    long before = reportedPercent.get();
    if (percent > before && reportedPercent.compareAndSet(before, percent)) report.accept((double) now / total);
  }

  public long done() {
    return done.get();
  }
}
