package io.kakehashi.surrogate.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.univocity.parsers.csv.CsvWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  @Test
  void linesSkipTheHeaderBlankAndCommentLinesAndKnowTheirLineNumbers() throws Exception {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "id,name,x\n1,a,0.5\n\n# a note\n2,\"b,c\",\n3,d,oops\n");
    List<Csv.Line> lines = Csv.lines(file, 3);
    assertEquals(3, lines.size());
    assertEquals("b,c", lines.get(1).get(1));
    assertEquals("", lines.get(1).get(2));
    assertEquals(2, lines.get(1).getLong(0));
    assertEquals(0.5, lines.get(0).getDouble(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lines.get(2).getDouble(2));
    assertEquals(file + ":6: field 3: not a number: 'oops'", e.getMessage());
  }

  @Test
  void aLineWithAnotherFieldCountIsNamed() throws Exception {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "id,name\n1,a\n2\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.lines(file, 2));
    assertEquals(file + ":3: expected 2 fields, got 1", e.getMessage());
  }

  @Test
  void valuesAreWrittenAsGivenAndQuotedOnlyWhenTheyMustBe() throws Exception {
    Path file = dir.resolve("t.csv");
    CsvWriter out = Csv.write(file);
    try {
      out.writeHeaders("a", "b", "c");
      out.writeRow("0.100000000", "x = 0.25", "");
      out.writeRow("-1", "b,c", "NaN");
    } finally {
      out.close();
    }
    String n = System.lineSeparator();
    assertEquals("a,b,c" + n + "0.100000000,x = 0.25," + n + "-1,\"b,c\",NaN" + n, Files.readString(file));
    assertEquals("b,c", Csv.lines(file, 3).get(1).get(1));
  }
}
