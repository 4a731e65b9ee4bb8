package io.kakehashi.surrogate.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.CsvTables;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.gate.GatePolicy;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.MlpConfig;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The surrogate steps run by the real engine: only the points the gate sends on are simulated. */
class SurrogateWorkflowTest {
  @TempDir Path dir;

  @Test
  void theSimulationStepRunsOnlyForCandidatesTheGateRejects() {
    TrainSpec spec = TrainSpec.of("smooth", FeatureSchema.continuous("x0", "x1", "x2"), "y",
        EnsembleConfig.of(MlpConfig.builder().hiddenLayers(16, 16).learningRate(1e-2).batchSize(64).maxEpochs(6)
            .seed(1).build(), 2));
    // Half the candidates lie beyond the trained range in x0: those at least must be simulated.
    Workflow wf = Workflow.builder("screening")
        .step(Step.function("ingest", ctx -> CsvTables.write(
            SyntheticData.uniform(300, 3, -1, 1, 4, SyntheticData::smooth), ctx.workDir().resolve("rows.csv")))
            .outputs("rows.csv"))
        .step(Step.function("pool", ctx -> CsvTables.write(
            SyntheticData.uniform(20, 3, -1, 1, 5, x -> 0).select(List.of("x0", "x1", "x2"))
                .append(SyntheticData.uniform(20, 3, 2, 3, 6, x -> 0).select(List.of("x0", "x1", "x2"))),
            ctx.workDir().resolve("candidates.csv")))
            .outputs("candidates.csv"))
        .step(SurrogateSteps.train("train", Input.of("ingest", "rows.csv"), spec))
        .step(SurrogateSteps.screen("screen", "train", "smooth", Input.of("pool", "candidates.csv"),
            GatePolicy.of("y", 10.0).withVerification(0.25, 1)))
        .step(Step.function("simulate", ctx -> ctx.value("y", SyntheticData.smooth(new double[] {
            ctx.params().getDouble("x0"), ctx.params().getDouble("x1"), ctx.params().getDouble("x2")})))
            .sweep(Sweep.fromValues("screen", SurrogateSteps.SIMULATE)))
        .step(SurrogateSteps.results("results", "screen", "simulate", "y"))
        .build();

    try (var f = TestEngines.create(dir)) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());

      assertTrue(out.ok(), out.toString());
      Map<String, Object> screen = f.store().values(out.runId(), "screen").get(0);
      assertEquals(20, ((Number) screen.get("outOfDomain")).intValue());
      assertEquals(5, ((Number) screen.get("verification")).intValue());
      assertEquals(15, ((Number) screen.get("accepted")).intValue());
      assertEquals("smooth@v1", screen.get("model"));
      assertEquals(25, f.store().values(out.runId(), "simulate").size());

      Map<String, Object> results = f.store().values(out.runId(), "results").get(0);
      assertEquals(15, ((Number) results.get("fromSurrogate")).intValue());
      assertEquals(25, ((Number) results.get("fromSimulation")).intValue());
      assertTrue(((Number) results.get("verificationMae")).doubleValue() >= 0);
    }
  }
}
