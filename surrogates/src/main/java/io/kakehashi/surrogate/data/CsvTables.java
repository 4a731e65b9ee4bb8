package io.kakehashi.surrogate.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link Table}s as simple CSV: one header line of column names, then one line
 * of numbers per row, comma-separated. No quoting; blank lines and lines starting with {@code #}
 * are skipped. For anything larger or richer, go through Spark and a {@link BatchSource}.
 */
public final class CsvTables {
  private CsvTables() {}

  public static Table read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int[] lineNo = {0};
      String header = nextContentLine(in, lineNo);
      if (header == null) throw new IOException(file + ": empty file, expected a header line of column names");
      List<String> names = new ArrayList<>();
      for (String n : header.split(",", -1)) names.add(n.strip());
      for (int c = 0; c < names.size(); c++) {
        if (names.get(c).isEmpty()) throw new IOException(file + ": header column " + (c + 1) + " has no name");
      }
      Table.Builder b;
      try {
        b = Table.builder(names);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      String t;
      while ((t = nextContentLine(in, lineNo)) != null) {
        String[] cells = t.split(",", -1);
        if (cells.length != names.size()) {
          throw new IOException(file + ":" + lineNo[0] + ": " + cells.length + " values, header has " + names.size());
        }
        double[] row = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
          try {
            row[c] = Double.parseDouble(cells[c].strip());
          } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNo[0] + ": column '" + names.get(c) + "': not a number: '"
                + cells[c].strip() + "'", e);
          }
        }
        b.addRow(row);
      }
      return b.build();
    }
  }

  /** Writes {@code table} with full double precision (values read back are identical). */
  public static void write(Table table, Path file) throws IOException {
    List<String> names = table.columnNames();
    double[][] cols = table.columnArrays(names);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(String.join(",", names));
      out.newLine();
      StringBuilder sb = new StringBuilder();
      for (int r = 0; r < table.rowCount(); r++) {
        sb.setLength(0);
        for (int c = 0; c < cols.length; c++) {
          if (c > 0) sb.append(',');
          sb.append(cols[c][r]);
        }
        out.write(sb.toString());
        out.newLine();
      }
    }
  }

  /** The next line that is neither blank nor a comment, stripped; counts lines read in {@code lineNo[0]}. */
  private static String nextContentLine(BufferedReader in, int[] lineNo) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      lineNo[0]++;
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) return t;
    }
    return null;
  }
}
