package io.kakehashi.surrogate.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {
  @TempDir Path dir;

  final Table table = Table.builder("x_Ni", "x_Cu", "e_mix")
      .addRow(0.25, 0.75, -0.012)
      .addRow(0.50, 0.50, -0.020)
      .addRow(0.75, 0.25, -0.015)
      .build();

  @Test
  void csvRoundTripIsExact() throws IOException {
    Path file = dir.resolve("rows.csv");
    CsvTables.write(table, file);
    Table back = CsvTables.read(file);
    assertEquals(table.columnNames(), back.columnNames());
    for (String c : table.columnNames()) assertArrayEquals(table.column(c), back.column(c), 0.0);
  }

  @Test
  void csvErrorsNameFileLineAndColumn() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "# comment\nx_Ni,e_mix\n0.5,-0.02\n0.6,oops\n");
    IOException e = assertThrows(IOException.class, () -> CsvTables.read(file));
    assertTrue(e.getMessage().endsWith("bad.csv:4: column 'e_mix': not a number: 'oops'"), e.getMessage());

    Files.writeString(file, "x_Ni,e_mix\n0.5\n");
    assertTrue(assertThrows(IOException.class, () -> CsvTables.read(file)).getMessage().contains(":2: 1 values, header has 2"));
  }

  @Test
  void batchesCoverEveryRowOnceInASeededOrder() {
    List<Double> seen = new ArrayList<>();
    for (Iterator<Table> it = table.batches(2, 5); it.hasNext(); ) {
      Table b = it.next();
      assertTrue(b.rowCount() <= 2);
      for (double v : b.column("x_Ni")) seen.add(v);
    }
    assertEquals(3, seen.size());
    assertTrue(seen.containsAll(List.of(0.25, 0.5, 0.75)));
  }

  @Test
  void fingerprintIgnoresRowOrderButNotValues() {
    Table reversed = table.rows(new int[] {2, 1, 0});
    assertEquals(table.fingerprint(), reversed.fingerprint());
    Table changed = table.withColumn("e_mix", new double[] {-0.012, -0.020, -0.016});
    assertNotEquals(table.fingerprint(), changed.fingerprint());
    assertTrue(table.fingerprint().startsWith("3r-"));
  }

  @Test
  void selectAppendAndRowMajorCopy() {
    Table both = table.append(table.slice(0, 1));
    assertEquals(4, both.rowCount());
    float[] block = new float[4];
    both.select(List.of("x_Cu", "x_Ni")).copyRowMajor(List.of("x_Cu", "x_Ni"), 2, 4, block);
    assertArrayEquals(new float[] {0.25f, 0.75f, 0.75f, 0.25f}, block);
    assertThrows(NoSuchElementException.class, () -> table.column("x_Fe"));
  }
}
