package io.kakehashi.campaigns.alloy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.Family;
import io.kakehashi.surrogate.data.Csv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign's CSV files (screening, picks, verification, results) are written through {@link Csv}
 * byte for byte as the hand-written writers before it wrote them (cached results and the report
 * depend on it): each expected text below is what the old writer's header and format string gave.
 * Each file reads back to what was written, and bad lines are reported by file and line.
 */
class CsvFilesTest {
  @TempDir Path dir;

  private static final Screening.Pick A = new Screening.Pick(11, 0.125, -0.0123456789, 0.0021, "ACCEPT");
  private static final Screening.Pick B = new Screening.Pick(12, 0.25, 0.5, Double.NaN, "SIMULATE");
  private static final Screening.Pick C = new Screening.Pick(13, 1 / 3.0, -1e-12, 1e-3, "VERIFY");
  private static final Screening.Pick D = new Screening.Pick(14, 0.75, 12.3456789012, 0.25, "ACCEPT");
  private static final Screening.Pick E = new Screening.Pick(15, 0.5, -0.05, 0.01, "ACCEPT");

  /** What the old {@code AlloyScreening.row} wrote for one pick. */
  private static String oldScreeningRow(String selection, int bin, Screening.Pick p, String model) {
    return String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.9f,%.9f,%s,%s%n", selection, bin, p.id(), p.fractionB(),
        p.predicted(), p.spread(), p.decision(), model);
  }

  @Test
  void screeningCsvIsWrittenAsBeforeAndReadsBack() throws Exception {
    // Two bins and one composition slot; A is top of bin 0 and of the slot, so it is listed once.
    Screening.Result r = new Screening.Result(List.of(List.of(A), List.of(B), List.of(A, C, E)),
        List.of(List.of(), List.of(C), List.of()), List.of(D, B), 100, 1.0, Map.of(), "ensemble@1a2b");
    Path file = dir.resolve(AlloyScreening.SCREENING_CSV);
    AlloyScreening.writeCsv(file, AlloySystem.CU_NI, r, 2);

    String expected = "selection,bin,candidate_id,x_Ni,predicted_mixing_energy_eV,spread_eV,gate_decision,model\n"
        + oldScreeningRow("top", 0, A, "ensemble@1a2b")
        + oldScreeningRow("top", 1, B, "ensemble@1a2b")
        + oldScreeningRow("uncertain", 1, C, "ensemble@1a2b")
        + oldScreeningRow("composition", 2, E, "ensemble@1a2b")
        + oldScreeningRow("sample", -1, D, "ensemble@1a2b");
    assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8));

    // Read back by both readers: with no LAMMPS results every pick is missing, and keeps its prediction.
    Verification.Summary s = Verification.compare(file, List.of(), dir.resolve(AlloyScreening.VERIFICATION_CSV));
    assertEquals(List.of(11L, 12L, 13L, 15L, 14L), s.missing());
    TrainingTable none = new TrainingTable(List.of(), new long[0], new double[0], new double[0]);
    List<ResultsTable.Entry> entries = ResultsTable.entries(none, s, file);
    assertEquals(new ResultsTable.Entry(13, 0.333333, -0.0, ResultsTable.SURROGATE, "ensemble@1a2b", "uncertain",
        -0.0, 0.001, "VERIFY"), entries.get(2));
    assertTrue(Double.isNaN(entries.get(1).spread()));
    assertEquals(List.of(11L, 12L, 13L, 15L, 14L), entries.stream().map(ResultsTable.Entry::id).toList());
  }

  @Test
  void screeningCsvErrorsNameFileAndLine() throws Exception {
    Path file = dir.resolve(AlloyScreening.SCREENING_CSV);
    Files.writeString(file, "selection,bin,candidate_id,x_Ni,predicted_mixing_energy_eV,spread_eV,gate_decision,model\n"
        + "top,0,11,0.125000,-0.012345679,0.002100000,ACCEPT,m\n"
        + "top,1,12,0.250000,oops,0.002100000,ACCEPT,m\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Verification.compare(file, List.of(), dir.resolve(AlloyScreening.VERIFICATION_CSV)));
    assertEquals(file + ":3: field 5: not a number: 'oops'", e.getMessage());

    Files.writeString(file, "selection,bin\ntop,0,11,0.125000,-0.012345679,0.002100000,ACCEPT\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> Verification.compare(file, List.of(), dir.resolve(AlloyScreening.VERIFICATION_CSV)));
    assertEquals(file + ":2: expected 8 fields, got 7", e.getMessage());
  }

  @Test
  void picksCsvIsWrittenAsBeforeAndReadsBack() throws Exception {
    ActiveLearning.Pick random = new ActiveLearning.Pick(new ActiveLearning.Entry(7, Family.RANDOM, Double.NaN,
        new long[0]), "top", 0.5, -0.0123456789, 0.003, "ACCEPT");
    ActiveLearning.Pick mc = new ActiveLearning.Pick(new ActiveLearning.Entry(8, Family.MONTE_CARLO, 612.4,
        new long[] {1, 2}), "uncertain", 0.0625, 0.1, Double.NaN, "SIMULATE");
    Path file = dir.resolve(ActiveLearning.PICKS_CSV);
    ActiveLearning.writePicks(file, List.of(random, mc));

    StringBuilder expected =
        new StringBuilder("candidate_id,family,temperature_K,selection,x_B,predicted_eV,spread_eV,gate_decision\n");
    for (ActiveLearning.Pick p : List.of(random, mc)) {
      expected.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.6f,%.9f,%.9f,%s%n", p.entry().id(),
          p.entry().family(),
          Double.isNaN(p.entry().temperature()) ? "" : String.format(Locale.ROOT, "%.0f", p.entry().temperature()),
          p.selection(), p.fractionB(), p.predicted(), p.spread(), p.decision()));
    }
    assertEquals(expected.toString(), Files.readString(file, StandardCharsets.UTF_8));

    Map<Long, ActiveLearning.Picked> read = ActiveLearning.readPicks(List.of(file));
    assertEquals(new ActiveLearning.Picked(7, Family.RANDOM, "RANDOM", "top"), read.get(7L));
    assertEquals(new ActiveLearning.Picked(8, Family.MONTE_CARLO, "MC 612 K", "uncertain"), read.get(8L));
    assertEquals(2, read.size());

    // An empty round writes the header alone, and reads back as no picks.
    ActiveLearning.writePicks(file, List.of());
    assertEquals("candidate_id,family,temperature_K,selection,x_B,predicted_eV,spread_eV,gate_decision\n",
        Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(Map.of(), ActiveLearning.readPicks(List.of(file)));
  }

  @Test
  void picksCsvErrorsNameFileAndLine() throws Exception {
    Path file = dir.resolve(ActiveLearning.PICKS_CSV);
    Files.writeString(file, "candidate_id,family,temperature_K,selection,x_B,predicted_eV,spread_eV,gate_decision\n"
        + "7,RANDOM,,top,0.500000,-0.012345679,0.003000000,ACCEPT\n"
        + "8,RANDOM,,top,0.500000,-0.012345679,0.003000000\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ActiveLearning.readPicks(List.of(file)));
    assertEquals(file + ":3: expected 8 fields, got 7", e.getMessage());
  }

  @Test
  void verificationCsvIsWrittenAsBefore() throws Exception {
    List<Verification.Row> rows = List.of(
        new Verification.Row("top", 11, 0.125, -0.0123456789, 0.0021, "ACCEPT", "ensemble@1a2b", -0.011),
        new Verification.Row("sample", 14, 0.75, 12.3456789012, Double.NaN, "SIMULATE", "linear@9", 12.0));
    Path file = dir.resolve(AlloyScreening.VERIFICATION_CSV);
    Verification.write(rows, file);

    StringBuilder expected = new StringBuilder("selection,candidate_id,x_B,predicted_mixing_energy_eV,spread_eV,"
        + "gate_decision,model,lammps_mixing_energy_eV,error_eV\n");
    for (Verification.Row r : rows) {
      expected.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.9f,%.9f,%s,%s,%.9f,%.9f%n", r.selection(), r.id(),
          r.fractionB(), r.predicted(), r.spread(), r.decision(), r.model(), r.lammps(), r.error()));
    }
    assertEquals(expected.toString(), Files.readString(file, StandardCharsets.UTF_8));

    List<Csv.Line> read = Csv.lines(file, 9);
    assertEquals(2, read.size());
    assertEquals("linear@9", read.get(1).get(6));
    assertEquals(-0.001345679, read.get(0).getDouble(8));
    assertTrue(Double.isNaN(read.get(1).getDouble(4)));
  }

  @Test
  void resultsCsvIsWrittenAsBefore() throws Exception {
    List<ResultsTable.Entry> entries = List.of(
        new ResultsTable.Entry(3, 0.5, -0.02, ResultsTable.LAMMPS, "", "training", Double.NaN, Double.NaN, ""),
        new ResultsTable.Entry(11, 0.125, -0.011, ResultsTable.LAMMPS, "ensemble@1a2b", "top", -0.0123456789, 0.0021,
            "ACCEPT"),
        new ResultsTable.Entry(14, 0.75, 12.3456789012, ResultsTable.SURROGATE, "linear@9", "sample", 12.3456789012,
            Double.NaN, "SIMULATE"));
    Path file = dir.resolve(ResultsTable.CSV);
    ResultsTable.writeCsv(entries, file);

    StringBuilder expected = new StringBuilder("candidate_id,x_B,mixing_energy_eV,source,model,selection,"
        + "surrogate_mean_eV,surrogate_spread_eV,gate_decision\n");
    for (ResultsTable.Entry e : entries) {
      expected.append(String.format(Locale.ROOT, "%d,%.6f,%.9f,%s,%s,%s,%s,%s,%s%n", e.id(), e.fractionB(), e.value(),
          e.source(), e.model(), e.selection(), oldNumber(e.predicted()), oldNumber(e.spread()), e.decision()));
    }
    assertEquals(expected.toString(), Files.readString(file, StandardCharsets.UTF_8));

    List<Csv.Line> read = Csv.lines(file, 9);
    assertArrayEquals(new String[] {"3", "", "training", "", "", ""},
        new String[] {read.get(0).get(0), read.get(0).get(4), read.get(0).get(5), read.get(0).get(6),
            read.get(0).get(7), read.get(0).get(8)});
    assertEquals(12.345678901, read.get(2).getDouble(6));
  }

  private static String oldNumber(double d) {
    return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.9f", d);
  }
}
