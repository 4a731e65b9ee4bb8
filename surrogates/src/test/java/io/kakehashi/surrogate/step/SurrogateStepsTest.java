package io.kakehashi.surrogate.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.CsvTables;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.gate.GatePolicy;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.MlpConfig;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurrogateStepsTest {
  @TempDir Path dir;

  final TrainSpec spec = TrainSpec.of("smooth", FeatureSchema.continuous("x0", "x1", "x2"), "y",
      EnsembleConfig.of(MlpConfig.builder().hiddenLayers(16, 16).learningRate(1e-2).batchSize(64).maxEpochs(6)
          .seed(1).build(), 2));
  final GatePolicy gate = GatePolicy.of("y", 0.05).withVerification(0.1, 3);

  @Test
  void trainThenScreenRecordsThePointsToSimulateForADownstreamSweep() throws Exception {
    Path rows = dir.resolve("rows.csv");
    CsvTables.write(SyntheticData.uniform(300, 3, -1, 1, 4, SyntheticData::smooth), rows);
    Path pool = dir.resolve("candidates.csv");
    CsvTables.write(SyntheticData.uniform(100, 3, -1.2, 1.2, 5, x -> 0).select(List.of("x0", "x1", "x2")), pool);
    Step train = SurrogateSteps.train("train", Input.of("ingest", "rows.csv"), spec).build();
    Step screen = SurrogateSteps.screen("screen", "train", "smooth", Input.of("pool", "candidates.csv"), gate).build();

    RecordingContext trainCtx = new RecordingContext("train", dir.resolve("train"))
        .input(SurrogateSteps.TABLE, List.of(rows), List.of());
    run(train, trainCtx);

    assertEquals("smooth@v1", trainCtx.values.get("model"));
    assertEquals(300L, (long) trainCtx.values.get("trainingRows") + (int) trainCtx.values.get("validationRows"));
    assertTrue(trainCtx.values.containsKey("r2.y") && trainCtx.values.containsKey("within2Sigma.y"));
    Path card = dir.resolve("train").resolve(train.outputs().get(0));
    assertTrue(Files.isRegularFile(card), "declared output " + card);

    RecordingContext screenCtx = new RecordingContext("screen", dir.resolve("screen"))
        .input(SurrogateSteps.MODEL, List.of(card), List.of(trainCtx.values))
        .input(SurrogateSteps.CANDIDATES, List.of(pool), List.of());
    Files.createDirectories(dir.resolve("screen"));
    run(screen, screenCtx);

    List<Params> points = Sweep.expand("screen.simulate", screenCtx.values.get(SurrogateSteps.SIMULATE));
    int simulated = (int) screenCtx.values.get("uncertain") + (int) screenCtx.values.get("outOfDomain")
        + (int) screenCtx.values.get("verification");
    assertEquals(simulated, points.size());
    assertEquals(100, simulated + (int) screenCtx.values.get("accepted"));
    assertTrue(points.get(0).has("x0") && points.get(0).has(SurrogateSteps.CANDIDATE));
    List<String> lines = Files.readAllLines(dir.resolve("screen").resolve(SurrogateSteps.PREDICTIONS));
    assertEquals("candidate,x0,x1,x2,y_mean,y_std,decision,source,model", lines.get(0));
    assertEquals(101, lines.size());
    assertTrue(lines.stream().anyMatch(l -> l.endsWith(",ACCEPTED,SURROGATE,smooth@v1"))
        || (int) screenCtx.values.get("accepted") == 0);
  }

  @Test
  void stepsWireIntoAWorkflowWhoseSimulationRunsOnlyTheScreenedPoints() {
    Workflow wf = Workflow.builder("screening")
        .step(Step.command("ingest", "cp", "rows.csv", "${workdir}/rows.csv").outputs("rows.csv"))
        .step(Step.command("pool", "cp", "candidates.csv", "${workdir}/candidates.csv").outputs("candidates.csv"))
        .step(SurrogateSteps.train("train", Input.of("ingest", "rows.csv"), spec))
        .step(SurrogateSteps.screen("screen", "train", "smooth", Input.of("pool", "candidates.csv"), gate))
        .step(Step.command("simulate", "echo", "${x0}").sweep(Sweep.fromValues("screen", SurrogateSteps.SIMULATE)))
        .build();
    assertEquals(List.of("ingest", "pool", "train", "screen", "simulate"), List.copyOf(wf.steps().keySet()));
    assertTrue(wf.step("simulate").upstream().contains("screen"));
  }

  private static void run(Step step, RecordingContext ctx) throws Exception {
    Files.createDirectories(ctx.workDir());
    ((Action.Function) step.action()).function().run(ctx);
  }
}
