package io.kakehashi.surrogate.data;

import java.util.Iterator;
import java.util.List;

/**
 * Rows that arrive in batches, so that training never needs the whole data set in memory. A
 * {@link Table} is one; the Spark side adapts a DataFrame or Parquet files to this interface.
 *
 * <p>Every call to {@link #batches} starts a fresh pass over all rows. Training makes several
 * passes (one to fit the normalisers, then one per epoch).
 */
public interface BatchSource {
  /** The column names every batch carries, in order. */
  List<String> columnNames();

  /**
   * One pass over every row, in batches of at most {@code batchSize} rows. A source that can
   * shuffle should use {@code seed} to pick the order; one that cannot may ignore it.
   */
  Iterator<Table> batches(int batchSize, long seed);
}
