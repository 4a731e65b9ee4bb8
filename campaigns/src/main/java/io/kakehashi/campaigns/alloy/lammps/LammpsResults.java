package io.kakehashi.campaigns.alloy.lammps;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one batch run of {@link BatchPreparer}'s script produced: the two pure-element references
 * and, for every expected candidate id, either its relaxed result or the reason it has none.
 *
 * @param referenceA pure element A relaxed on the same supercell
 * @param referenceB pure element B
 * @param relaxed candidates with a finite result, in the order of the expected ids
 * @param failures expected candidates without one (LAMMPS stopped early, or a non-finite energy)
 */
public record LammpsResults(Relaxed referenceA, Relaxed referenceB, List<Relaxed> relaxed, List<Failure> failures) {

  public LammpsResults {
    relaxed = List.copyOf(relaxed);
    failures = List.copyOf(failures);
  }

  /**
   * One relaxed structure.
   *
   * @param id candidate id (-1 for references)
   * @param energyPerAtom potential energy per atom after relaxation, eV
   * @param volumePerAtom volume per atom after relaxation, cubic angstrom
   * @param atoms number of atoms
   * @param seconds wall seconds LAMMPS spent minimising it (its "Loop time"), NaN without a log
   */
  public record Relaxed(long id, double energyPerAtom, double volumePerAtom, int atoms, double seconds) {}

  /** An expected candidate without a usable result. */
  public record Failure(long id, String reason) {}

  /**
   * Mixing energy per atom in eV: E/atom - (x_A E_A + x_B E_B) with the batch's own references.
   */
  public double mixingEnergy(Relaxed r, double fractionB) {
    return r.energyPerAtom() - ((1 - fractionB) * referenceA.energyPerAtom() + fractionB * referenceB.energyPerAtom());
  }

  /**
   * Reads a batch's results file and (optionally) its LAMMPS log for timings.
   *
   * @param results the {@value BatchPreparer#RESULTS} file
   * @param log the LAMMPS log, or null when there is none (seconds are then NaN)
   * @param system the alloy system the batch was prepared for (names the references)
   * @param expectedIds the candidate ids the batch was prepared with
   * @throws LammpsOutputException for a malformed or unexpected line, or a missing reference
   */
  public static LammpsResults read(Path results, Path log, AlloySystem system, long[] expectedIds) throws IOException {
    Map<String, Double> seconds = log == null ? Map.of() : loopTimes(log);
    Map<String, Relaxed> references = new HashMap<>();
    Map<Long, Relaxed> byId = new LinkedHashMap<>();
    Map<Long, Boolean> expected = new HashMap<>();
    for (long id : expectedIds) expected.put(id, Boolean.TRUE);
    List<String> lines = readLines(results);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int lineNo = i + 1;
      String[] f = line.split("\\s+");
      if (f.length != 5) {
        throw new LammpsOutputException(results, lineNo, "expected 5 fields (type id energy volume atoms), got "
            + f.length + ": '" + line + "'");
      }
      double energy = number(results, lineNo, f[2], "energy_per_atom");
      double volume = number(results, lineNo, f[3], "volume_per_atom");
      int atoms;
      try {
        atoms = Integer.parseInt(f[4]);
      } catch (NumberFormatException e) {
        throw new LammpsOutputException(results, lineNo, "atoms is not an integer: '" + f[4] + "'");
      }
      switch (f[0]) {
        case "REFERENCE" -> {
          if (!f[1].equals(system.elementA()) && !f[1].equals(system.elementB())) {
            throw new LammpsOutputException(results, lineNo, "reference element '" + f[1] + "' is not in " + system.name());
          }
          references.put(f[1], new Relaxed(-1, energy, volume, atoms, seconds.getOrDefault("reference " + f[1], Double.NaN)));
        }
        case "CANDIDATE" -> {
          long id;
          try {
            id = Long.parseLong(f[1]);
          } catch (NumberFormatException e) {
            throw new LammpsOutputException(results, lineNo, "candidate id is not an integer: '" + f[1] + "'");
          }
          if (!expected.containsKey(id)) {
            throw new LammpsOutputException(results, lineNo, "candidate " + id + " is not in this batch");
          }
          if (byId.containsKey(id)) {
            throw new LammpsOutputException(results, lineNo, "candidate " + id + " appears twice");
          }
          byId.put(id, new Relaxed(id, energy, volume, atoms, seconds.getOrDefault("candidate " + id, Double.NaN)));
        }
        default -> throw new LammpsOutputException(results, lineNo,
            "unknown record type '" + f[0] + "' (expected REFERENCE or CANDIDATE)");
      }
    }
    Relaxed refA = reference(references, system.elementA(), results);
    Relaxed refB = reference(references, system.elementB(), results);
    List<Relaxed> relaxed = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (long id : expectedIds) {
      Relaxed r = byId.get(id);
      if (r == null) {
        failures.add(new Failure(id, "no result in " + results.getFileName() + " (LAMMPS stopped before it?)"));
      } else if (!Double.isFinite(r.energyPerAtom()) || !Double.isFinite(r.volumePerAtom())) {
        failures.add(new Failure(id, "non-finite energy or volume: " + r.energyPerAtom() + ", " + r.volumePerAtom()));
      } else {
        relaxed.add(r);
      }
    }
    return new LammpsResults(refA, refB, relaxed, failures);
  }

  private static Relaxed reference(Map<String, Relaxed> refs, String element, Path results) {
    Relaxed r = refs.get(element);
    if (r == null) {
      throw new LammpsOutputException(results, 0, "no REFERENCE line for pure " + element
          + ": mixing energies cannot be computed");
    }
    if (!Double.isFinite(r.energyPerAtom())) {
      throw new LammpsOutputException(results, 0, "reference energy of " + element + " is " + r.energyPerAtom());
    }
    return r;
  }

  private static double number(Path file, int line, String text, String field) {
    try {
      // LAMMPS prints "nan"/"inf"; Java spells them "NaN"/"Infinity".
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "nan", "-nan" -> Double.NaN;
        case "inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(text);
      };
    } catch (NumberFormatException e) {
      throw new LammpsOutputException(file, line, field + " is not a number: '" + text + "'");
    }
  }

  /** Sums each structure's "Loop time of T on P procs ..." lines, keyed by its KAKEHASHI marker. */
  private static Map<String, Double> loopTimes(Path log) throws IOException {
    Map<String, Double> times = new HashMap<>();
    String current = null;
    List<String> lines = readLines(log);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("KAKEHASHI ")) {
        current = line.substring("KAKEHASHI ".length()).strip();
      } else if (line.startsWith("Loop time of ") && current != null) {
        String[] f = line.split("\\s+");
        if (f.length < 4) throw new LammpsOutputException(log, i + 1, "malformed 'Loop time' line: '" + line + "'");
        times.merge(current, number(log, i + 1, f[3], "loop time"), Double::sum);
      }
    }
    return times;
  }

  private static List<String> readLines(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new LammpsOutputException(file, 0, "file not found");
    }
  }
}
