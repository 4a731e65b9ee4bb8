package io.kakehashi.hdf5;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.util.AccumulatorV2;

/**
 * Collects what the tasks report (skipped files, omitted datasets) into the driver. Keyed, so
 * that a thing reported again by a second action on the same DataFrame (count, then write) is
 * listed once.
 */
final class ReportAccumulator<T extends Serializable> extends AccumulatorV2<T, List<T>> {
  /** What makes two reports the same. */
  interface Key<T> extends Function<T, String>, Serializable {}

  private final Key<T> key;
  private final Map<String, T> byKey = new TreeMap<>();

  private ReportAccumulator(Key<T> key) {
    this.key = key;
  }

  /** Skipped files, one per path. */
  static ReportAccumulator<SkippedFile> skippedFiles() {
    return new ReportAccumulator<>(SkippedFile::path);
  }

  /** Omitted datasets, one per file and dataset. */
  static ReportAccumulator<OmittedDataset> omittedDatasets() {
    return new ReportAccumulator<>(o -> o.file() + "\u0000" + o.dataset());
  }

  @Override
  public synchronized boolean isZero() {
    return byKey.isEmpty();
  }

  @Override
  public synchronized AccumulatorV2<T, List<T>> copy() {
    ReportAccumulator<T> c = new ReportAccumulator<>(key);
    c.byKey.putAll(byKey);
    return c;
  }

  @Override
  public synchronized void reset() {
    byKey.clear();
  }

  @Override
  public synchronized void add(T report) {
    byKey.putIfAbsent(key.apply(report), report);
  }

  @Override
  public void merge(AccumulatorV2<T, List<T>> other) {
    for (T report : other.value()) add(report);
  }

  @Override
  public synchronized List<T> value() {
    return List.copyOf(byKey.values());
  }
}
