package io.kakehashi.examples.alloy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Joins the screen step's predictions ({@value AlloyScreening#SCREENING_CSV}) with the LAMMPS
 * mixing energies of the re-relaxed picks (verification batches' HDF5 files) and reports the
 * surrogate's error separately for the top picks and for the random sample: the top picks are
 * chosen for low predictions, so their error is biased, the sample's is not.
 */
public final class Verification {
  private Verification() {}

  /** One verified pick. Energies in eV/atom. */
  public record Row(String selection, long id, double fractionB, double predicted, double lammps) {
    public double error() {
      return predicted - lammps;
    }
  }

  /**
   * @param rows every pick that LAMMPS relaxed, in screening-file order
   * @param missing ids picked but without a LAMMPS result (failed or not yet run)
   */
  public record Summary(List<Row> rows, List<Long> missing) {
    /** Mean absolute error (eV/atom) over the rows of one selection ("top" or "sample"); NaN if none. */
    public double mae(String selection) {
      return rows.stream().filter(r -> r.selection().equals(selection)).mapToDouble(r -> Math.abs(r.error()))
          .average().orElse(Double.NaN);
    }

    public double maxAbsError() {
      return rows.stream().mapToDouble(r -> Math.abs(r.error())).max().orElse(Double.NaN);
    }
  }

  /** Reads both sides and writes {@code out} (CSV: selection, id, x_B, predicted, lammps, error). */
  public static Summary compare(Path screeningCsv, List<Path> verifiedBatches, Path out) throws IOException {
    TrainingTable lammps = TrainingTable.read(verifiedBatches, List.of(), "mixing_energy");
    Map<Long, Double> byId = new HashMap<>();
    for (int r = 0; r < lammps.rows(); r++) byId.put(lammps.ids()[r], lammps.target()[r]);

    List<Row> rows = new ArrayList<>();
    List<Long> missing = new ArrayList<>();
    List<String> lines = Files.readAllLines(screeningCsv, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length != 5) {
        throw new IllegalArgumentException(screeningCsv + ":" + (i + 1) + ": expected 5 comma-separated fields, got "
            + f.length);
      }
      long id;
      double x;
      double predicted;
      try {
        id = Long.parseLong(f[2]);
        x = Double.parseDouble(f[3]);
        predicted = Double.parseDouble(f[4]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(screeningCsv + ":" + (i + 1) + ": " + e.getMessage());
      }
      Double e = byId.get(id);
      if (e == null) {
        missing.add(id);
      } else {
        rows.add(new Row(f[0], id, x, predicted, e));
      }
    }
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("selection,candidate_id,x_B,predicted_mixing_energy_eV,lammps_mixing_energy_eV,error_eV\n");
      for (Row r : rows) {
        w.write(String.format(Locale.ROOT, "%s,%d,%.6f,%.9f,%.9f,%.9f%n", r.selection(), r.id(), r.fractionB(),
            r.predicted(), r.lammps(), r.error()));
      }
    }
    return new Summary(List.copyOf(rows), List.copyOf(missing));
  }
}
