package io.kakehashi.bench.surrogate;

import io.kakehashi.campaigns.alloy.AlloyCampaign;
import io.kakehashi.campaigns.alloy.FamilyCalibration;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recorded alloy run's model on a recorded run's relaxed batches, uncorrected: per row the id,
 * the prediction, the ensemble's own σ and the LAMMPS value, as CSV. With the judges' ratios in
 * the run store, {@code bench/surrogate/calibration_replay.py} replays calibration schemes on the
 * held-out set without running the campaign again.
 *
 * <pre>
 * java ... io.kakehashi.bench.surrogate.HoldoutPredictions CuNi|NiAl MODEL_JSON OUT_CSV BATCH_H5...
 * </pre>
 */
public final class HoldoutPredictions {
  private HoldoutPredictions() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      throw new IllegalArgumentException("usage: HoldoutPredictions CuNi|NiAl MODEL_JSON OUT_CSV BATCH_H5...");
    }
    AlloySystem system = args[0].equals("NiAl") ? AlloySystem.NI_AL : AlloySystem.CU_NI;
    List<String> names = new Descriptors(system, new FccLattice(4, 4)).names();
    Screening.BlockModel model = new AlloyCampaign().surrogate(Map.of())
        .load(Path.of(args[1]), names, FamilyCalibration.NONE);
    List<Path> batches = new ArrayList<>();
    for (int i = 3; i < args.length; i++) batches.add(Path.of(args[i]));
    TrainingTable table = TrainingTable.read(batches, names, "mixing_energy");
    int f = names.size();
    int n = table.rows();
    float[] block = new float[n * f]; // column-major, as the screen hands blocks to a model
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < f; c++) block[c * n + r] = (float) table.features()[r * f + c];
    }
    double[] predicted = new double[n];
    model.predict(block, n, n, predicted);
    StringBuilder csv = new StringBuilder("id,pred,sigma,energy\n");
    for (int r = 0; r < n; r++) {
      csv.append(table.ids()[r]).append(',').append(predicted[r]).append(',').append(model.spread(r)).append(',')
          .append(table.target()[r]).append('\n');
    }
    Files.writeString(Path.of(args[2]), csv);
  }
}
