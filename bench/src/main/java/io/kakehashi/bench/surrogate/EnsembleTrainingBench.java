package io.kakehashi.bench.surrogate;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import io.kakehashi.surrogate.model.MlpConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The alloy campaign's training step, timed: a deep ensemble of the campaign's shape (21 features,
 * 16-16 SiLU members, batch 128, patience 40, 15% early-stopping rows) on a smooth synthetic target
 * of that size, trained end to end (every epoch, early stopping, calibration). Prints one line per
 * training with its seconds, epochs and held-out MAE, so that two builds of the trainer can be
 * compared in alternating runs:
 *
 * <pre>
 * java -cp "$CP" io.kakehashi.bench.surrogate.EnsembleTrainingBench [rows] [members] [repeats] [features: 55 for -P histograms=true]
 * </pre>
 */
public final class EnsembleTrainingBench {
  private EnsembleTrainingBench() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1750;
    int members = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int features = args.length > 3 ? Integer.parseInt(args[3]) : 21;
    List<String> names = new ArrayList<>();
    for (int c = 0; c < features; c++) names.add("f" + c);
    List<String> columns = new ArrayList<>(names);
    columns.add("y");
    Table.Builder b = Table.builder(columns);
    SplittableRandom rnd = new SplittableRandom(42);
    for (int r = 0; r < rows; r++) {
      double[] row = new double[features + 1];
      double y = 0;
      for (int c = 0; c < features; c++) {
        row[c] = rnd.nextDouble(-1, 1);
        y += Math.sin(1.3 * row[c] + c) * (c % 3 == 0 ? 0.5 : 0.2) + 0.1 * row[c] * row[(c + 1) % features];
      }
      row[features] = y;
      b.addRow(row);
    }
    Table data = b.build();
    MlpConfig mlp = MlpConfig.builder().hiddenLayers(16, 16).maxEpochs(400).patience(40).batchSize(128)
        .validationFraction(0.15).seed(7).build();
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      Ensemble e = EnsembleTrainer.train(data, FeatureSchema.continuous(names), List.of("y"),
          EnsembleConfig.of(mlp, members));
      double seconds = (System.nanoTime() - t0) / 1e9;
      int epochs = e.training().members().stream().mapToInt(m -> m.epochs()).max().orElse(0);
      double mae = e.training().heldOutEvaluation().map(v -> v.metrics("y").mae()).orElse(Double.NaN);
      System.out.printf("training %d rows, %d members: %.2f s, %d epochs, held-out MAE %.4f%n", rows, members, seconds,
          epochs, mae);
    }
  }
}
