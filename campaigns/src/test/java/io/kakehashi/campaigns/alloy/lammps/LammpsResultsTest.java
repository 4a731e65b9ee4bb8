package io.kakehashi.campaigns.alloy.lammps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser on hand-written files in the format {@link BatchPreparer}'s script prints. */
class LammpsResultsTest {
  @TempDir Path dir;

  private static final String HEADER = """
      # type id energy_per_atom_eV volume_per_atom_A3 atoms
      REFERENCE Cu -3.54000091900478 11.8104450544351 108
      REFERENCE Ni -4.44999999753196 10.903555114111 108
      """;

  @Test
  void readsResultsTimesAndMixingEnergy() throws Exception {
    Path results = write("results.txt", HEADER + "CANDIDATE 7 -4.09337271994750 11.3526196576545 108\n");
    Path log = write("log.lammps", """
        KAKEHASHI reference Cu
        Loop time of 0.00123771 on 1 procs for 2 steps with 108 atoms
        KAKEHASHI candidate 7
        Loop time of 0.0191614 on 2 procs for 29 steps with 108 atoms
        """);
    LammpsResults r = LammpsResults.read(results, log, AlloySystem.CU_NI, new long[] {7});
    assertEquals(List.of(), r.failures());
    LammpsResults.Relaxed c = r.relaxed().get(0);
    assertEquals(7, c.id());
    assertEquals(0.0191614, c.seconds(), 0);
    assertEquals(0.00123771, r.referenceA().seconds(), 0);
    // 69 of 108 atoms Ni: E_mix = E - (39/108 E_Cu + 69/108 E_Ni) = +28.0 meV/atom
    assertEquals(0.028016, r.mixingEnergy(c, 69 / 108.0), 1e-6);
  }

  @Test
  void missingAndNonFiniteCandidatesAreReportedNotDropped() throws Exception {
    Path results = write("results.txt", HEADER + "CANDIDATE 1 -4.1 11.3 108\nCANDIDATE 2 nan 11.3 108\n");
    LammpsResults r = LammpsResults.read(results, null, AlloySystem.CU_NI, new long[] {1, 2, 3});
    assertEquals(1, r.relaxed().size());
    assertTrue(Double.isNaN(r.relaxed().get(0).seconds()), "no log: no time");
    assertEquals(List.of(2L, 3L), r.failures().stream().map(LammpsResults.Failure::id).toList());
    assertTrue(r.failures().get(1).reason().contains("no result"), r.failures().get(1).reason());
  }

  @Test
  void malformedLineNamesFileAndLine() throws Exception {
    Path results = write("results.txt", HEADER + "CANDIDATE 1 -4.1 oops 108\n");
    LammpsOutputException e = assertThrows(LammpsOutputException.class,
        () -> LammpsResults.read(results, null, AlloySystem.CU_NI, new long[] {1}));
    assertEquals(4, e.line());
    assertTrue(e.getMessage().startsWith(results + ":4: volume_per_atom is not a number: 'oops'"), e.getMessage());

    Path shortLine = write("short.txt", HEADER + "CANDIDATE 1 -4.1\n");
    e = assertThrows(LammpsOutputException.class,
        () -> LammpsResults.read(shortLine, null, AlloySystem.CU_NI, new long[] {1}));
    assertTrue(e.getMessage().contains("short.txt:4: expected 5 fields"), e.getMessage());
  }

  @Test
  void unexpectedDuplicateOrUnreferencedResultsAreErrors() throws Exception {
    Path stranger = write("a.txt", HEADER + "CANDIDATE 9 -4.1 11.3 108\n");
    assertTrue(assertThrows(LammpsOutputException.class,
        () -> LammpsResults.read(stranger, null, AlloySystem.CU_NI, new long[] {1}))
        .getMessage().contains("a.txt:4: candidate 9 is not in this batch"));

    Path twice = write("b.txt", HEADER + "CANDIDATE 1 -4.1 11.3 108\nCANDIDATE 1 -4.1 11.3 108\n");
    assertTrue(assertThrows(LammpsOutputException.class,
        () -> LammpsResults.read(twice, null, AlloySystem.CU_NI, new long[] {1}))
        .getMessage().contains("b.txt:5: candidate 1 appears twice"));

    Path noNi = write("c.txt", "REFERENCE Cu -3.54 11.8 108\nCANDIDATE 1 -4.1 11.3 108\n");
    assertTrue(assertThrows(LammpsOutputException.class,
        () -> LammpsResults.read(noNi, null, AlloySystem.CU_NI, new long[] {1}))
        .getMessage().contains("no REFERENCE line for pure Ni"));

    Path absent = dir.resolve("absent.txt");
    assertTrue(assertThrows(LammpsOutputException.class,
        () -> LammpsResults.read(absent, null, AlloySystem.CU_NI, new long[] {1}))
        .getMessage().contains("absent.txt: file not found"));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
