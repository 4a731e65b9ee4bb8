package io.kakehashi.hdf5;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * Collects skipped files from the tasks into the driver. Keyed by path, so a file skipped again
 * by a second action on the same DataFrame (count, then write) is reported once.
 */
final class SkippedFilesAccumulator extends AccumulatorV2<SkippedFile, List<SkippedFile>> {
  private final Map<String, SkippedFile> byPath = new TreeMap<>();

  @Override
  public synchronized boolean isZero() {
    return byPath.isEmpty();
  }

  @Override
  public synchronized AccumulatorV2<SkippedFile, List<SkippedFile>> copy() {
    SkippedFilesAccumulator c = new SkippedFilesAccumulator();
    c.byPath.putAll(byPath);
    return c;
  }

  @Override
  public synchronized void reset() {
    byPath.clear();
  }

  @Override
  public synchronized void add(SkippedFile f) {
    byPath.putIfAbsent(f.path(), f);
  }

  @Override
  public void merge(AccumulatorV2<SkippedFile, List<SkippedFile>> other) {
    for (SkippedFile f : other.value()) add(f);
  }

  @Override
  public synchronized List<SkippedFile> value() {
    return List.copyOf(byPath.values());
  }
}
