package io.kakehashi.surrogate.data;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link Table}s as {@link Csv} files: one header line of column names, then one
 * line of numbers per row. Blank lines and lines starting with {@code #} (after blanks) are
 * skipped. For anything larger or richer, go through Spark and a {@link BatchSource}.
 */
public final class CsvTables {
  private CsvTables() {}

  public static Table read(Path file) throws IOException {
    CsvParser in = Csv.parse(file);
    try {
      String[] header = nextContentRow(in);
      if (header == null) throw new IOException(file + ": empty file, expected a header line of column names");
      List<String> names = List.of(header);
      for (int c = 0; c < names.size(); c++) {
        if (names.get(c).isEmpty()) throw new IOException(file + ": header column " + (c + 1) + " has no name");
      }
      Table.Builder b;
      try {
        b = Table.builder(names);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      String[] cells;
      while ((cells = nextContentRow(in)) != null) {
        long lineNo = in.getContext().currentLine();
        if (cells.length != names.size()) {
          throw new IOException(file + ":" + lineNo + ": " + cells.length + " values, header has " + names.size());
        }
        double[] row = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
          try {
            row[c] = Double.parseDouble(cells[c]);
          } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNo + ": column '" + names.get(c) + "': not a number: '"
                + cells[c] + "'", e);
          }
        }
        b.addRow(row);
      }
      return b.build();
    } finally {
      in.stopParsing();
    }
  }

  /** Writes {@code table} with full double precision (values read back are identical). */
  public static void write(Table table, Path file) throws IOException {
    List<String> names = table.columnNames();
    double[][] cols = table.columnArrays(names);
    CsvWriter out = Csv.write(file);
    try {
      out.writeHeaders(names);
      String[] row = new String[cols.length];
      for (int r = 0; r < table.rowCount(); r++) {
        for (int c = 0; c < cols.length; c++) row[c] = Double.toString(cols[c][r]);
        out.writeRow(row);
      }
    } finally {
      out.close();
    }
  }

  /**
   * The next row, or null at the end. The parser skips empty lines and lines that start with
   * {@code #}; a line of blanks, or a comment indented by blanks, is skipped here.
   */
  private static String[] nextContentRow(CsvParser in) {
    String[] row;
    while ((row = in.parseNext()) != null) {
      boolean blank = row.length == 1 && row[0].isEmpty();
      if (!blank && !row[0].startsWith("#")) return row;
    }
    return null;
  }
}
