package io.kakehashi.surrogate.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.CsvTables;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.gate.Decision;
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
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

    RecordingContext screenCtx = screen(screen, card, trainCtx, pool, "screen");
    List<Params> points = Sweep.expand("screen.simulate", screenCtx.values.get(SurrogateSteps.SIMULATE));
    int simulated = (int) screenCtx.values.get("uncertain") + (int) screenCtx.values.get("outOfDomain")
        + (int) screenCtx.values.get("verification");
    assertEquals(simulated, points.size());
    assertEquals(100, simulated + (int) screenCtx.values.get("accepted"));
    assertTrue(points.get(0).has("x0") && points.get(0).has(SurrogateSteps.CANDIDATE));
    List<String> lines = Files.readAllLines(dir.resolve("screen").resolve(SurrogateSteps.PREDICTIONS));
    assertEquals("candidate,x0,x1,x2,y_mean,y_std,decision,source,model", lines.get(0));
    assertEquals(101, lines.size());
  }

  /**
   * A pool whose answer is known: 80 candidates well inside the training range [-1, 1]^3 and 20 with
   * x0 = 2, outside it even with the 5% margin. With no spread limit every inside candidate is
   * confident, a tenth of them (rounded) sampled for verification, and every outside one is out of
   * domain; with the limit at the median spread, exactly the inside candidates at or under it are
   * confident. Accepted candidates, and only they, come from the surrogate; the rest are the
   * points to simulate.
   */
  @Test
  void screenDecidesEachCandidateByDomainAndSpread() throws Exception {
    Path rows = dir.resolve("rows.csv");
    CsvTables.write(SyntheticData.uniform(300, 3, -1, 1, 4, SyntheticData::smooth), rows);
    Table inside = SyntheticData.uniform(80, 3, -0.9, 0.9, 5, x -> 0).select(List.of("x0", "x1", "x2"));
    Table outside = SyntheticData.uniform(20, 3, -0.9, 0.9, 6, x -> 0).select(List.of("x0", "x1", "x2"));
    double[] far = new double[outside.rowCount()];
    Arrays.fill(far, 2.0);
    Path pool = dir.resolve("candidates.csv");
    CsvTables.write(inside.append(outside.withColumn("x0", far)), pool);
    RecordingContext trainCtx = new RecordingContext("train", dir.resolve("train"))
        .input(SurrogateSteps.TABLE, List.of(rows), List.of());
    Step train = SurrogateSteps.train("train", Input.of("ingest", "rows.csv"), spec).build();
    run(train, trainCtx);
    Path card = dir.resolve("train").resolve(train.outputs().get(0));

    GatePolicy unlimited = GatePolicy.of("y", Double.POSITIVE_INFINITY).withVerification(0.1, 3);
    RecordingContext open = screen(screenStep(unlimited), card, trainCtx, pool, "open");
    List<String[]> openRows = predictions(dir.resolve("open"));
    assertEquals(100, openRows.size());
    for (int r = 0; r < 100; r++) {
      Decision d = Decision.valueOf(openRows.get(r)[DECISION]);
      if (r < 80) assertTrue(d == Decision.ACCEPTED || d == Decision.VERIFICATION, "candidate " + r + ": " + d);
      else assertEquals(Decision.OUT_OF_DOMAIN, d, "candidate " + r);
    }
    assertEquals(8, open.values.get("verification"));
    assertEquals(72, open.values.get("accepted"));
    assertEquals(20, open.values.get("outOfDomain"));
    assertEquals(0, open.values.get("uncertain"));
    assertProvenanceAndPoints(open, openRows);

    double[] spread = new double[80];
    for (int r = 0; r < 80; r++) spread[r] = Double.parseDouble(openRows.get(r)[STD]);
    double median = Arrays.stream(spread).sorted().toArray()[40];
    RecordingContext limited = screen(screenStep(GatePolicy.of("y", median).withVerification(0.1, 3)), card, trainCtx,
        pool, "limited");
    List<String[]> limitedRows = predictions(dir.resolve("limited"));
    int confident = 0;
    for (int r = 0; r < 100; r++) {
      Decision d = Decision.valueOf(limitedRows.get(r)[DECISION]);
      assertEquals(openRows.get(r)[STD], limitedRows.get(r)[STD], "same model, same spread for candidate " + r);
      if (r >= 80) {
        assertEquals(Decision.OUT_OF_DOMAIN, d, "candidate " + r);
      } else if (spread[r] <= median) {
        assertTrue(d == Decision.ACCEPTED || d == Decision.VERIFICATION, "candidate " + r + ": " + d);
        confident++;
      } else {
        assertEquals(Decision.UNCERTAIN, d, "candidate " + r + " spread " + spread[r] + " > " + median);
      }
    }
    assertTrue(confident > 40 && confident < 80, "the median splits the inside candidates: " + confident);
    assertEquals(Math.round(0.1 * confident), (long) (int) limited.values.get("verification"));
    assertEquals(80 - confident, limited.values.get("uncertain"));
    assertProvenanceAndPoints(limited, limitedRows);
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

  private static final int DECISION = 6;
  private static final int STD = 5;

  private Step screenStep(GatePolicy policy) {
    return SurrogateSteps.screen("screen", "train", "smooth", Input.of("pool", "candidates.csv"), policy).build();
  }

  private RecordingContext screen(Step screen, Path card, RecordingContext trainCtx, Path pool, String workDir)
      throws Exception {
    RecordingContext ctx = new RecordingContext("screen", dir.resolve(workDir))
        .input(SurrogateSteps.MODEL, List.of(card), List.of(trainCtx.values))
        .input(SurrogateSteps.CANDIDATES, List.of(pool), List.of());
    run(screen, ctx);
    return ctx;
  }

  /** The rows of {@value SurrogateSteps#PREDICTIONS} in {@code workDir}, split into cells, without the header. */
  private static List<String[]> predictions(Path workDir) throws Exception {
    List<String> lines = Files.readAllLines(workDir.resolve(SurrogateSteps.PREDICTIONS));
    assertEquals("candidate,x0,x1,x2,y_mean,y_std,decision,source,model", lines.get(0));
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
  }

  /** Accepted candidates come from the model, every other one is simulated, and the points are exactly those. */
  private static void assertProvenanceAndPoints(RecordingContext ctx, List<String[]> rows) {
    Set<Integer> toSimulate = new TreeSet<>();
    for (int r = 0; r < rows.size(); r++) {
      String[] cells = rows.get(r);
      assertEquals(String.valueOf(r), cells[0]);
      if (Decision.valueOf(cells[DECISION]) == Decision.ACCEPTED) {
        assertEquals(List.of("SURROGATE", "smooth@v1"), List.of(cells[7], cells[8]), "candidate " + r);
      } else {
        assertEquals(List.of("SIMULATION", ""), List.of(cells[7], cells[8]), "candidate " + r);
        toSimulate.add(r);
      }
    }
    Set<Integer> points = new TreeSet<>();
    for (Params p : Sweep.expand("screen.simulate", ctx.values.get(SurrogateSteps.SIMULATE))) {
      points.add(p.getInt(SurrogateSteps.CANDIDATE));
    }
    assertEquals(toSimulate, points);
  }

  private static void run(Step step, RecordingContext ctx) throws Exception {
    Files.createDirectories(ctx.workDir());
    ((Action.Function) step.action()).function().run(ctx);
  }
}
