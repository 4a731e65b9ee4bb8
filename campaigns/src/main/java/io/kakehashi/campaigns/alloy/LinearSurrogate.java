package io.kakehashi.campaigns.alloy;

import io.kakehashi.campaigns.alloy.screen.LinearModel;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.surrogate.metrics.RegressionMetrics;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The campaign's surrogate as one function step that fits a {@link LinearModel} to every packed
 * batch (jHDF, no Spark): a real baseline to compare the neural ensemble against, and what lets
 * {@link AlloyScreening} run end to end on its own. One row in {@link #HELD_OUT} (chosen by
 * candidate id) is held out; the step records its MAE and R^2.
 */
public final class LinearSurrogate implements AlloyScreening.Surrogate {
  public static final String TRAIN = "train-linear";
  public static final String MODEL = "linear-model.txt";
  public static final double HELD_OUT = 0.2;

  @Override
  public List<Step> steps(AlloyScreening.Round round, List<String> featureNames) {
    int inputs = round.packSteps().size();
    Step.Builder b = Step.function(round.step(TRAIN), ctx -> train(ctx, featureNames, inputs));
    for (int k = 0; k < inputs; k++) {
      b.input("batches-" + k, Input.gather(round.packSteps().get(k), AlloyScreening.BATCH_HDF5));
    }
    return List.of(b.outputs(MODEL)
        .version(AlloyScreening.CODE_VERSION)
        .description("least-squares fit of mixing energy on the descriptors")
        .build());
  }

  @Override
  public Input model(String round) {
    return Input.of(AlloyScreening.Round.named(TRAIN, round), MODEL);
  }

  @Override
  public Screening.BlockModel load(Path modelFile, List<String> featureNames) throws Exception {
    LinearModel m = LinearModel.load(modelFile);
    if (!m.featureNames().equals(featureNames)) {
      throw new IllegalArgumentException(modelFile + ": model features " + m.featureNames()
          + " differ from the screening features " + featureNames);
    }
    return m;
  }

  static void train(StepContext ctx, List<String> featureNames, int inputs) throws Exception {
    List<Path> files = new ArrayList<>();
    for (int k = 0; k < inputs; k++) files.addAll(ctx.inputFiles("batches-" + k));
    TrainingTable table = TrainingTable.read(files, featureNames, "mixing_energy");
    boolean[] test = new boolean[table.rows()];
    boolean[] train = new boolean[table.rows()];
    for (int r = 0; r < table.rows(); r++) {
      test[r] = table.heldOut(r, HELD_OUT);
      train[r] = !test[r];
    }
    LinearModel model = LinearModel.fit(table, train);
    model.save(ctx.workDir().resolve(MODEL));
    RegressionMetrics m = model.evaluate(table, test);
    ctx.value("train_rows", table.rows() - m.n());
    ctx.value("test_rows", m.n());
    ctx.value("test_mae_mev_per_atom", m.mae() * 1000);
    ctx.value("test_r2", m.r2());
    ctx.value("test_max_error_mev_per_atom", m.maxError() * 1000);
  }
}
