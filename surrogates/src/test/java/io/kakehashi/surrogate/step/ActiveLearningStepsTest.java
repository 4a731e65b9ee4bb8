package io.kakehashi.surrogate.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.active.Acquisition;
import io.kakehashi.surrogate.data.CsvTables;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.MlpConfig;
import io.kakehashi.surrogate.store.ModelStore;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveLearningStepsTest {
  @TempDir Path dir;

  final TrainSpec spec = TrainSpec.of("smooth", FeatureSchema.continuous("x0", "x1", "x2"), "y",
      EnsembleConfig.of(MlpConfig.builder().maxEpochs(5).build(), 2));
  final ActiveLearningSteps.Plan plan = new ActiveLearningSteps.Plan("al", spec, Input.of("pool", "candidates.csv"),
      Acquisition.maxUncertainty(), 5, 2, new ActiveLearningSteps.StopWhen("mae.y", 0.001));

  @Test
  void unrollsEachRoundIntoOrdinarySteps() {
    Workflow.Builder wf = Workflow.builder("al")
        .step(Step.command("ingest", "cp", "rows.csv", "${workdir}/rows.csv").outputs("rows.csv"))
        .step(Step.command("pool", "cp", "candidates.csv", "${workdir}/candidates.csv").outputs("candidates.csv"));

    String last = ActiveLearningSteps.unroll(wf, Input.of("ingest", "rows.csv"), plan,
        (name, sweep) -> Step.function(name, ctx -> ctx.value("y", ctx.params().getDouble("x0"))).sweep(sweep));
    Workflow built = wf.build();

    assertEquals("al-append-1", last);
    assertEquals(2 + 2 * 4, built.steps().size());
    assertEquals("al-select-1", built.step("al-simulate-1").sweep().sourceStep());
    assertTrue(built.step("al-train-1").upstream().contains("al-append-0"));
  }

  @Test
  void selectSkipsSimulatedCandidatesAndAppendAddsTheResults() throws Exception {
    Path card = new ModelStore(dir.resolve("train/model")).save("smooth", SyntheticData.quickEnsemble())
        .directory().resolve(ModelStore.CARD_FILE);
    Table pool = SyntheticData.uniform(40, 3, -1, 1, 9, SyntheticData::smooth);
    Path poolCsv = dir.resolve("candidates.csv");
    CsvTables.write(pool.select(List.of("x0", "x1", "x2")), poolCsv);
    Path tableCsv = dir.resolve("rows.csv");
    CsvTables.write(pool.slice(0, 30), tableCsv);

    RecordingContext select = new RecordingContext("al-select-0", dir.resolve("select"))
        .input(SurrogateSteps.MODEL, List.of(card), List.of(Map.of("mae.y", 0.01)))
        .input(SurrogateSteps.TABLE, List.of(tableCsv), List.of())
        .input(SurrogateSteps.CANDIDATES, List.of(poolCsv), List.of());
    run(ActiveLearningSteps.select("al-select-0", "al-train-0", Input.of("ingest", "rows.csv"), plan).build(), select);

    List<Params> next = Sweep.expand("next", select.values.get(ActiveLearningSteps.NEXT));
    assertEquals(5, next.size());
    for (Params p : next) assertTrue(p.getInt(SurrogateSteps.CANDIDATE) >= 30, "row already simulated: " + p);
    assertFalse((boolean) select.values.get("stopped"));

    List<Map<String, Object>> results = next.stream()
        .map(p -> Map.<String, Object>of("y", SyntheticData.smooth(new double[] {
            p.getDouble("x0"), p.getDouble("x1"), p.getDouble("x2")}))).toList();
    RecordingContext append = new RecordingContext("al-append-0", dir.resolve("append"))
        .input(SurrogateSteps.TABLE, List.of(tableCsv), List.of())
        .inputPoints("simulated", next, results);
    run(ActiveLearningSteps.append("al-append-0", Input.of("ingest", "rows.csv"), "al-simulate-0", "y").build(), append);

    Table grown = CsvTables.read(dir.resolve("append").resolve(ActiveLearningSteps.TABLE_FILE));
    assertEquals(35, grown.rowCount());
    assertEquals(pool.columnNames(), grown.columnNames());
  }

  @Test
  void selectRecordsAnEmptyBatchOnceTheStopRuleHolds() throws Exception {
    RecordingContext select = new RecordingContext("al-select-1", dir.resolve("select"))
        .input(SurrogateSteps.MODEL, List.of(dir.resolve("unused")), List.of(Map.of("mae.y", 0.0005)));
    run(ActiveLearningSteps.select("al-select-1", "al-train-1", Input.of("ingest", "rows.csv"), plan).build(), select);
    assertEquals(List.of(), select.values.get(ActiveLearningSteps.NEXT));
    assertTrue((boolean) select.values.get("stopped"));
  }

  private static void run(Step step, RecordingContext ctx) throws Exception {
    Files.createDirectories(ctx.workDir());
    ((Action.Function) step.action()).function().run(ctx);
  }
}
