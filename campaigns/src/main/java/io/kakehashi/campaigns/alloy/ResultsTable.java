package io.kakehashi.campaigns.alloy;

import com.univocity.parsers.csv.CsvWriter;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.spark.SparkSessions;
import io.kakehashi.surrogate.data.Csv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The campaign's results: every candidate that has a mixing energy, with where that value came
 * from. Training candidates and verified picks carry LAMMPS values; a pick whose verification
 * failed keeps the surrogate's prediction, labelled with the model version. The surrogate's
 * prediction, spread and gate decision stand beside each pick's value either way.
 */
final class ResultsTable {
  static final String CSV = "results.csv";
  static final String PARQUET = "results.parquet";
  static final String LAMMPS = "lammps";
  static final String SURROGATE = "surrogate";

  record Entry(long id, double fractionB, double value, String source, String model, String selection,
               double predicted, double spread, String decision) {}

  private ResultsTable() {}

  static List<Entry> entries(TrainingTable training, Verification.Summary verified, Path screeningCsv)
      throws IOException {
    List<Entry> out = new ArrayList<>();
    for (int r = 0; r < training.rows(); r++) {
      out.add(new Entry(training.ids()[r], training.features()[r], training.target()[r], LAMMPS, "", "training",
          Double.NaN, Double.NaN, ""));
    }
    Set<Long> done = new HashSet<>();
    for (Verification.Row v : verified.rows()) {
      done.add(v.id());
      out.add(new Entry(v.id(), v.fractionB(), v.lammps(), LAMMPS, v.model(), v.selection(), v.predicted(), v.spread(),
          v.decision()));
    }
    // Picks LAMMPS could not verify keep the surrogate's value, and say so.
    for (Csv.Line line : Csv.lines(screeningCsv, 8)) {
      long id = line.getLong(2);
      if (!verified.missing().contains(id) || !done.add(id)) continue;
      double predicted = line.getDouble(4);
      out.add(new Entry(id, line.getDouble(3), predicted, SURROGATE, line.get(7), line.get(0), predicted,
          line.getDouble(5), line.get(6)));
    }
    return out;
  }

  /** Writes {@value #CSV} and {@value #PARQUET} (through Spark) into {@code dir}. */
  static void write(List<Entry> entries, Path dir) throws IOException {
    writeCsv(entries, dir.resolve(CSV));
    StructType schema = new StructType()
        .add("candidate_id", DataTypes.LongType, false)
        .add("x_B", DataTypes.DoubleType, false)
        .add("mixing_energy_eV", DataTypes.DoubleType, false)
        .add("source", DataTypes.StringType, false)
        .add("model", DataTypes.StringType, false)
        .add("selection", DataTypes.StringType, false)
        .add("surrogate_mean_eV", DataTypes.DoubleType, true)
        .add("surrogate_spread_eV", DataTypes.DoubleType, true)
        .add("gate_decision", DataTypes.StringType, false);
    List<Row> rows = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      rows.add(RowFactory.create(e.id(), e.fractionB(), e.value(), e.source(), e.model(), e.selection(),
          Double.isNaN(e.predicted()) ? null : e.predicted(), Double.isNaN(e.spread()) ? null : e.spread(),
          e.decision()));
    }
    SparkSessions.shared().createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(dir.resolve(PARQUET).toString());
  }

  /** Writes {@code entries} to {@code file} as CSV, one line each. */
  static void writeCsv(List<Entry> entries, Path file) throws IOException {
    CsvWriter w = Csv.write(file);
    try {
      w.writeHeaders("candidate_id", "x_B", "mixing_energy_eV", "source", "model", "selection", "surrogate_mean_eV",
          "surrogate_spread_eV", "gate_decision");
      for (Entry e : entries) {
        w.writeRow(Long.toString(e.id()), String.format(Locale.ROOT, "%.6f", e.fractionB()),
            String.format(Locale.ROOT, "%.9f", e.value()), e.source(), e.model(), e.selection(), number(e.predicted()),
            number(e.spread()), e.decision());
      }
    } finally {
      w.close();
    }
  }

  private static String number(double d) {
    return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.9f", d);
  }
}
