package io.kakehashi.campaigns.alloy;

import com.univocity.parsers.csv.CsvWriter;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.surrogate.data.Csv;
import java.io.IOException;
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
    for (Csv.Line line : Csv.lines(screeningCsv, 8)) {
      long id = line.getLong(2);
      double x = line.getDouble(3);
      double predicted = line.getDouble(4);
      double spread = line.getDouble(5);
      Double e = byId.get(id);
      if (e == null) {
        missing.add(id);
      } else {
        rows.add(new Row(line.get(0), id, x, predicted, spread, line.get(6), line.get(7), e));
      }
    }
    write(rows, out);
    return new Summary(List.copyOf(rows), List.copyOf(missing));
  }

  /** Writes the verified picks to {@code out}, one line each. */
  static void write(List<Row> rows, Path out) throws IOException {
    CsvWriter w = Csv.write(out);
    try {
      w.writeHeaders("selection", "candidate_id", "x_B", "predicted_mixing_energy_eV", "spread_eV", "gate_decision",
          "model", "lammps_mixing_energy_eV", "error_eV");
      for (Row r : rows) {
        w.writeRow(r.selection(), Long.toString(r.id()), String.format(Locale.ROOT, "%.6f", r.fractionB()),
            String.format(Locale.ROOT, "%.9f", r.predicted()), String.format(Locale.ROOT, "%.9f", r.spread()),
            r.decision(), r.model(), String.format(Locale.ROOT, "%.9f", r.lammps()),
            String.format(Locale.ROOT, "%.9f", r.error()));
      }
    } finally {
      w.close();
    }
  }
}
