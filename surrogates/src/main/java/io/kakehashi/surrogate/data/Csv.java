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

/**
 * The one CSV dialect of the surrogate's files (tables, predictions, results, parity data), read
 * and written by univocity's parser, the one Spark already brings: comma-separated, a header line,
 * fields quoted only when they must be, blank lines and lines starting with {@code #} skipped,
 * blanks around a field dropped, an empty field read as {@code ""}. Lines end as the platform's do.
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
