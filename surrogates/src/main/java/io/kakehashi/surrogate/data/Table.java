package io.kakehashi.surrogate.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An immutable in-memory table of named {@code double} columns, all of the same length. It is the
 * training and screening input of the surrogates; it does not depend on Spark, which adapts its
 * DataFrames to {@link BatchSource} instead.
 */
public final class Table implements BatchSource {
  private final List<String> names;
  private final Map<String, double[]> columns;
  private final int rows;

  private Table(LinkedHashMap<String, double[]> columns, int rows) {
    this.names = List.copyOf(columns.keySet());
    this.columns = columns;
    this.rows = rows;
  }

  /** A table of the given columns, in the map's iteration order. The arrays are copied. */
  public static Table of(Map<String, double[]> columns) {
    LinkedHashMap<String, double[]> copy = new LinkedHashMap<>();
    int rows = -1;
    for (Map.Entry<String, double[]> e : columns.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "column name");
      if (name.isBlank()) throw new IllegalArgumentException("blank column name");
      double[] values = Objects.requireNonNull(e.getValue(), "column '" + name + "'");
      if (rows >= 0 && values.length != rows) {
        throw new IllegalArgumentException("column '" + name + "' has " + values.length
            + " rows, column '" + copy.keySet().iterator().next() + "' has " + rows);
      }
      rows = values.length;
      copy.put(name, values.clone());
    }
    return new Table(copy, Math.max(rows, 0));
  }

  /** Starts a table with these columns, filled row by row. */
  public static Builder builder(String... columnNames) {
    return new Builder(List.of(columnNames));
  }

  public static Builder builder(List<String> columnNames) {
    return new Builder(columnNames);
  }

  @Override
  public List<String> columnNames() {
    return names;
  }

  public int rowCount() {
    return rows;
  }

  public boolean hasColumn(String name) {
    return columns.containsKey(name);
  }

  /** A copy of column {@code name}. */
  public double[] column(String name) {
    return require(name).clone();
  }

  public double get(String column, int row) {
    return require(column)[Objects.checkIndex(row, rows)];
  }

  /** Row {@code row} restricted to {@code columnNames}, in that order. */
  public double[] row(int row, List<String> columnNames) {
    Objects.checkIndex(row, rows);
    double[] out = new double[columnNames.size()];
    for (int c = 0; c < out.length; c++) out[c] = require(columnNames.get(c))[row];
    return out;
  }

  /**
   * Copies rows {@code from .. to-1} of the named columns into {@code dst} column by column:
   * column c's row r goes to {@code dst[c * stride + (r - from)]}.
   */
  public void copyColumnMajor(List<String> columnNames, int from, int to, float[] dst, int stride) {
    Objects.checkFromToIndex(from, to, rows);
    if (to - from > stride) throw new IllegalArgumentException((to - from) + " rows do not fit stride " + stride);
    for (int c = 0; c < columnNames.size(); c++) {
      double[] col = require(columnNames.get(c));
      for (int r = from, i = c * stride; r < to; r++, i++) dst[i] = (float) col[r];
    }
  }

  /**
   * Copies rows {@code [from, to)} of {@code columnNames} into {@code dst} in row-major order,
   * starting at {@code dst[0]}: the layout a neural network's input matrix wants.
   */
  public void copyRowMajor(List<String> columnNames, int from, int to, float[] dst) {
    Objects.checkFromToIndex(from, to, rows);
    int width = columnNames.size();
    for (int c = 0; c < width; c++) {
      double[] col = require(columnNames.get(c));
      for (int r = from, i = c; r < to; r++, i += width) dst[i] = (float) col[r];
    }
  }

  /** The content hash of every row over {@code columnNames}; see {@link RowHash}. */
  public long[] rowHashes(List<String> columnNames, long salt) {
    double[][] cols = columnArrays(columnNames);
    long[] out = new long[rows];
    for (int r = 0; r < rows; r++) out[r] = RowHash.of(cols, r, salt);
    return out;
  }

  /** The rows at {@code indices}, in that order (an index may repeat). */
  public Table rows(int[] indices) {
    LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
    for (String n : names) {
      double[] src = columns.get(n);
      double[] dst = new double[indices.length];
      for (int i = 0; i < indices.length; i++) dst[i] = src[Objects.checkIndex(indices[i], rows)];
      out.put(n, dst);
    }
    return new Table(out, indices.length);
  }

  /** Rows {@code [from, to)}. */
  public Table slice(int from, int to) {
    Objects.checkFromToIndex(from, to, rows);
    LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
    for (String n : names) out.put(n, Arrays.copyOfRange(columns.get(n), from, to));
    return new Table(out, to - from);
  }

  /** Only {@code columnNames}, in that order. */
  public Table select(List<String> columnNames) {
    LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
    for (String n : columnNames) out.put(n, require(n));
    return new Table(out, rows);
  }

  /** This table plus (or with a replaced) column {@code name}. */
  public Table withColumn(String name, double[] values) {
    if (values.length != rows) {
      throw new IllegalArgumentException("column '" + name + "' has " + values.length + " rows, table has " + rows);
    }
    LinkedHashMap<String, double[]> out = new LinkedHashMap<>(columns);
    out.put(name, values.clone());
    return new Table(out, rows);
  }

  /** This table's rows followed by {@code other}'s; both must have the same column names. */
  public Table append(Table other) {
    if (!new HashSet<>(names).equals(new HashSet<>(other.names))) {
      throw new IllegalArgumentException("cannot append a table with columns " + other.names + " to one with " + names);
    }
    LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
    for (String n : names) {
      double[] a = columns.get(n);
      double[] b = other.columns.get(n);
      double[] c = Arrays.copyOf(a, rows + other.rows);
      System.arraycopy(b, 0, c, rows, other.rows);
      out.put(n, c);
    }
    return new Table(out, rows + other.rows);
  }

  /** An order-independent fingerprint of all rows; see {@link Fingerprint}. */
  public String fingerprint() {
    Fingerprint f = new Fingerprint(names);
    f.add(this);
    return f.value();
  }

  /** Batches of consecutive rows after a seeded shuffle of the whole table. */
  @Override
  public Iterator<Table> batches(int batchSize, long seed) {
    if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    int[] order = permutation(rows, seed);
    return new Iterator<>() {
      int next = 0;

      @Override
      public boolean hasNext() {
        return next < rows;
      }

      @Override
      public Table next() {
        if (!hasNext()) throw new NoSuchElementException();
        int end = Math.min(rows, next + batchSize);
        Table batch = rows(Arrays.copyOfRange(order, next, end));
        next = end;
        return batch;
      }
    };
  }

  /** A seeded Fisher-Yates permutation of {@code 0..n-1}. */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  double[][] columnArrays(List<String> columnNames) {
    double[][] out = new double[columnNames.size()][];
    for (int c = 0; c < out.length; c++) out[c] = require(columnNames.get(c));
    return out;
  }

  private double[] require(String name) {
    double[] c = columns.get(name);
    if (c == null) throw new NoSuchElementException("no column '" + name + "' (have " + names + ")");
    return c;
  }

  @Override
  public String toString() {
    return "Table[" + rows + " rows x " + names + "]";
  }

  /** Fills a {@link Table} row by row. */
  public static final class Builder {
    private final List<String> names;
    private final List<double[]> rows = new ArrayList<>();

    private Builder(List<String> names) {
      this.names = List.copyOf(names);
      if (new HashSet<>(names).size() != names.size()) {
        throw new IllegalArgumentException("duplicate column names in " + names);
      }
    }

    public Builder addRow(double... values) {
      if (values.length != names.size()) {
        throw new IllegalArgumentException("row " + rows.size() + " has " + values.length
            + " values for " + names.size() + " columns " + names);
      }
      rows.add(values.clone());
      return this;
    }

    public Table build() {
      LinkedHashMap<String, double[]> cols = new LinkedHashMap<>();
      for (int c = 0; c < names.size(); c++) {
        double[] col = new double[rows.size()];
        for (int r = 0; r < col.length; r++) col[r] = rows.get(r)[c];
        cols.put(names.get(c), col);
      }
      return new Table(cols, rows.size());
    }
  }
}
