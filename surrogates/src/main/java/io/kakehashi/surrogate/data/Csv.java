package io.kakehashi.surrogate.data;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one CSV dialect of the project's files (the surrogate's tables, predictions, results and
 * parity data; the campaigns' screening, picks, verification and results files), read and written
 * by univocity's parser, the one Spark already brings: comma-separated, a header line, fields
 * quoted only when they must be, blank lines and lines starting with {@code #} skipped, blanks
 * around a field dropped, an empty field read as {@code ""}. Lines end as the platform's do.
 * Values are written as given, so a file's number format is its writer's choice.
 */
public final class Csv {
  /** Wider than any table here; the parser sizes its row buffer by it once. */
  private static final int MAX_COLUMNS = 16_384;

  private Csv() {}

  /** A parser over {@code file} (UTF-8), started; read it with {@code parseNext()}, close it when done. */
  public static CsvParser parse(Path file) throws IOException {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(',');
    s.getFormat().setComment('#');
    s.setLineSeparatorDetectionEnabled(true);
    s.setSkipEmptyLines(true);
    s.setIgnoreLeadingWhitespaces(true);
    s.setIgnoreTrailingWhitespaces(true);
    s.setNullValue("");
    s.setEmptyValue("");
    s.setMaxCharsPerColumn(-1);
    s.setMaxColumns(MAX_COLUMNS);
    CsvParser parser = new CsvParser(s);
    Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    parser.beginParsing(in);
    return parser;
  }

  /**
   * Every record after the header line of {@code file}, each with exactly {@code fields} fields.
   *
   * @throws IllegalArgumentException naming the file and line of the first record with another count
   */
  public static List<Line> lines(Path file, int fields) throws IOException {
    CsvParser in = parse(file);
    try {
      List<Line> out = new ArrayList<>();
      if (in.parseNext() == null) return out;
      String[] row;
      while ((row = in.parseNext()) != null) {
        Line line = new Line(file, in.getContext().currentLine(), row);
        if (row.length != fields) throw line.error("expected " + fields + " fields, got " + row.length);
        out.add(line);
      }
      return out;
    } finally {
      in.stopParsing();
    }
  }

  /** One record read by {@link #lines}: its fields, and where it stands in its file for messages. */
  public static final class Line {
    private final Path file;
    private final long number;
    private final String[] fields;

    private Line(Path file, long number, String[] fields) {
      this.file = file;
      this.number = number;
      this.fields = fields;
    }

    /** Field {@code i}, counted from 0. */
    public String get(int i) {
      return fields[i];
    }

    /** Field {@code i} as a whole number. */
    public long getLong(int i) {
      try {
        return Long.parseLong(fields[i]);
      } catch (NumberFormatException e) {
        throw error("field " + (i + 1) + ": not a whole number: '" + fields[i] + "'");
      }
    }

    /** Field {@code i} as a number. */
    public double getDouble(int i) {
      try {
        return Double.parseDouble(fields[i]);
      } catch (NumberFormatException e) {
        throw error("field " + (i + 1) + ": not a number: '" + fields[i] + "'");
      }
    }

    /** An exception whose message starts with {@code file:line: }. */
    public IllegalArgumentException error(String message) {
      return new IllegalArgumentException(file + ":" + number + ": " + message);
    }
  }

  /** A writer to {@code file} (UTF-8, created or truncated) that writes each value as it is given. */
  public static CsvWriter write(Path file) throws IOException {
    CsvWriterSettings s = new CsvWriterSettings();
    s.getFormat().setDelimiter(',');
    s.getFormat().setComment('#');
    s.getFormat().setLineSeparator(System.lineSeparator());
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setMaxColumns(MAX_COLUMNS);
    return new CsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), s);
  }
}
