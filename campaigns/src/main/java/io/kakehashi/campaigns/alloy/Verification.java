package io.kakehashi.campaigns.alloy;

import io.kakehashi.campaigns.alloy.screen.TrainingTable;
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

  /**
   * One verified pick. Energies in eV/atom.
   *
   * @param spread the ensemble spread of the prediction (NaN for models without one)
   * @param decision the surrogate gate's decision on the pick
   * @param model the model that predicted it
   */
  public record Row(String selection, long id, double fractionB, double predicted, double spread, String decision,
                    String model, double lammps) {
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

    /** Share of rows whose error lies within {@code k} spreads: how far the gate's uncertainty can be trusted. */
    public double withinSpread(double k) {
      List<Row> gated = rows.stream().filter(r -> !Double.isNaN(r.spread())).toList();
      if (gated.isEmpty()) return Double.NaN;
      return gated.stream().filter(r -> Math.abs(r.error()) <= k * r.spread()).count() / (double) gated.size();
    }
  }

  /** Reads both sides and writes {@code out} (CSV: selection, id, x_B, prediction with spread, gate and model, LAMMPS, error). */
  public static Summary compare(Path screeningCsv, List<Path> verifiedBatches, Path out) throws IOException {
    TrainingTable lammps = TrainingTable.read(verifiedBatches, List.of(), "mixing_energy");
    Map<Long, Double> byId = new HashMap<>();
    for (int r = 0; r < lammps.rows(); r++) byId.put(lammps.ids()[r], lammps.target()[r]);

    List<Row> rows = new ArrayList<>();
    List<Long> missing = new ArrayList<>();
    List<String> lines = Files.readAllLines(screeningCsv, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length != 8) {
        throw new IllegalArgumentException(screeningCsv + ":" + (i + 1) + ": expected 8 comma-separated fields, got "
            + f.length);
      }
      long id;
      double x;
      double predicted;
      double spread;
      try {
        id = Long.parseLong(f[2]);
        x = Double.parseDouble(f[3]);
        predicted = Double.parseDouble(f[4]);
        spread = Double.parseDouble(f[5]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(screeningCsv + ":" + (i + 1) + ": " + e.getMessage());
      }
      Double e = byId.get(id);
      if (e == null) {
        missing.add(id);
      } else {
        rows.add(new Row(f[0], id, x, predicted, spread, f[6], f[7], e));
      }
    }
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("selection,candidate_id,x_B,predicted_mixing_energy_eV,spread_eV,gate_decision,model,"
          + "lammps_mixing_energy_eV,error_eV\n");
      for (Row r : rows) {
        w.write(String.format(Locale.ROOT, "%s,%d,%.6f,%.9f,%.9f,%s,%s,%.9f,%.9f%n", r.selection(), r.id(),
            r.fractionB(), r.predicted(), r.spread(), r.decision(), r.model(), r.lammps(), r.error()));
      }
    }
    return new Summary(List.copyOf(rows), List.copyOf(missing));
  }
}
