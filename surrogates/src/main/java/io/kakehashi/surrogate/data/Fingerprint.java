package io.kakehashi.surrogate.data;

import java.util.HexFormat;
import java.util.List;

/**
 * An order-independent fingerprint of a multiset of rows: the sums of two independent row hashes
 * plus the row count and column names. Fed batch by batch, it identifies the training data of a
 * model without holding the data, and two sources with the same rows in any order agree.
 */
public final class Fingerprint {
  private final List<String> columns;
  private long sumA;
  private long sumB;
  private long rows;

  public Fingerprint(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  /** Adds every row of {@code batch}, whose columns must be this fingerprint's columns. */
  public void add(Table batch) {
    double[][] cols = batch.columnArrays(columns);
    for (int r = 0; r < batch.rowCount(); r++) {
      sumA += RowHash.of(cols, r, 1);
      sumB += RowHash.of(cols, r, 2);
    }
    rows += batch.rowCount();
  }

  public long rows() {
    return rows;
  }

  /** Hex digest, e.g. {@code "3000r-5f1c...-9ab2..."}. */
  public String value() {
    long names = 0;
    for (String c : columns) names = RowHash.mix(names * 31 + c.hashCode());
    HexFormat hex = HexFormat.of();
    return rows + "r-" + hex.toHexDigits(sumA ^ names) + hex.toHexDigits(sumB);
  }
}
