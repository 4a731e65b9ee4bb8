package io.kakehashi.surrogate.step;

import io.kakehashi.surrogate.active.Acquisition;
import io.kakehashi.surrogate.data.CsvTables;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.store.ModelStore;
import io.kakehashi.surrogate.store.StoredModel;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.StepContext;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The active-learning loop as ordinary workflow steps, unrolled round by round, so the engine's
 * caching and resume apply mid-loop. Round {@code r} is:
 *
 * <ol>
 *   <li>{@code <prefix>-train-r}: trains on the table so far ({@link SurrogateSteps#train});
 *   <li>{@code <prefix>-select-r}: ranks the pool with the acquisition rule and records value
 *       {@value #NEXT}, the batch to simulate (candidates already in the table are skipped); it
 *       records an empty batch once the stop rule holds, which ends the loop;
 *   <li>{@code <prefix>-simulate-r}: the caller's simulation step, swept over that batch;
 *   <li>{@code <prefix>-append-r}: writes {@value #TABLE_FILE}, the table plus the new results
 *       (each simulation point must record the target as a value).
 * </ol>
 */
public final class ActiveLearningSteps {
  /** The value of a select step listing the next points to simulate. */
  public static final String NEXT = "next";
  /** The table each append step writes. */
  public static final String TABLE_FILE = "table.csv";

  /** Makes the caller's simulation step for one round, given its name and its sweep. */
  @FunctionalInterface
  public interface Simulation {
    Step.Builder step(String name, Sweep sweep);
  }

  /**
   * When to stop: once the training step's recorded value {@code metric} (e.g. {@code "mae.e_mix"})
   * is at most {@code threshold}.
   */
  public record StopWhen(String metric, double threshold) {
    public StopWhen {
      Objects.requireNonNull(metric, "metric");
    }
  }

  /** How the loop runs: the pool's CSV input, the acquisition rule and batch, the number of rounds. */
  public record Plan(String prefix, TrainSpec spec, Input pool, Acquisition acquisition, int batch, int rounds,
      StopWhen stop) {
    public Plan {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(pool, "pool");
      Objects.requireNonNull(acquisition, "acquisition");
      if (spec.targets().size() != 1) throw new IllegalArgumentException("active learning drives one target, got " + spec.targets());
      if (batch <= 0) throw new IllegalArgumentException("batch must be > 0, got " + batch);
      if (rounds <= 0) throw new IllegalArgumentException("rounds must be > 0, got " + rounds);
    }
  }

  private ActiveLearningSteps() {}

  /**
   * Adds {@code plan.rounds()} rounds to {@code workflow}, starting from the CSV table of
   * {@code initialTable}, and returns the name of the last append step (its {@value #TABLE_FILE}
   * holds every simulated row).
   */
  public static String unroll(Workflow.Builder workflow, Input initialTable, Plan plan, Simulation simulation) {
    Input table = initialTable;
    String last = null;
    for (int r = 0; r < plan.rounds(); r++) {
      String train = plan.prefix() + "-train-" + r;
      String select = plan.prefix() + "-select-" + r;
      String simulate = plan.prefix() + "-simulate-" + r;
      String append = plan.prefix() + "-append-" + r;
      workflow.step(SurrogateSteps.train(train, table, plan.spec()));
      workflow.step(select(select, train, table, plan));
      workflow.step(simulation.step(simulate, Sweep.fromValues(select, NEXT)));
      workflow.step(append(append, table, simulate, plan.spec().targets().get(0)));
      table = Input.of(append, TABLE_FILE);
      last = append;
    }
    return last;
  }

  static Step.Builder select(String name, String trainStep, Input table, Plan plan) {
    return Step.function(name, ctx -> runSelect(ctx, plan))
        .input(SurrogateSteps.MODEL, Input.of(trainStep, SurrogateSteps.modelOutput(plan.spec().name())))
        .input(SurrogateSteps.TABLE, table)
        .input(SurrogateSteps.CANDIDATES, plan.pool())
        .description("acquire " + plan.batch() + " candidates");
  }

  static Step.Builder append(String name, Input table, String simulateStep, String target) {
    return Step.function(name, ctx -> runAppend(ctx, target))
        .input(SurrogateSteps.TABLE, table)
        .input("simulated", Input.gatherValues(simulateStep))
        .outputs(TABLE_FILE)
        .description("append simulated " + target);
  }

  static void runSelect(StepContext ctx, Plan plan) throws IOException {
    if (plan.stop() != null) {
      for (Map<String, Object> v : ctx.inputValues(SurrogateSteps.MODEL)) {
        if (v.get(plan.stop().metric()) instanceof Number n && n.doubleValue() <= plan.stop().threshold()) {
          ctx.value(NEXT, List.of());
          ctx.value("stopped", true);
          return;
        }
      }
    }
    StoredModel model = ModelStore.read(ctx.inputFile(SurrogateSteps.MODEL).getParent());
    List<String> features = model.ensemble().schema().names();
    Table pool = SurrogateSteps.readTables(ctx.inputFiles(SurrogateSteps.CANDIDATES));
    Table done = SurrogateSteps.readTables(ctx.inputFiles(SurrogateSteps.TABLE));
    // Candidates already simulated are recognised by their feature values, not their row number.
    Set<Long> simulated = new HashSet<>();
    for (long h : done.rowHashes(features, 0)) simulated.add(h);
    long[] poolHashes = pool.rowHashes(features, 0);
    boolean[] taken = new boolean[pool.rowCount()];
    for (int r = 0; r < taken.length; r++) taken[r] = simulated.contains(poolHashes[r]);
    int[] picked = plan.acquisition().pick(model.ensemble().predict(pool), plan.spec().targets().get(0),
        plan.batch(), taken);
    List<Map<String, Object>> next = new ArrayList<>();
    for (int r : picked) {
      Map<String, Object> p = new LinkedHashMap<>();
      for (String f : features) p.put(f, pool.get(f, r));
      p.put(SurrogateSteps.CANDIDATE, r);
      next.add(p);
    }
    ctx.value(NEXT, next);
    ctx.value("stopped", false);
  }

  static void runAppend(StepContext ctx, String target) throws IOException {
    Table table = SurrogateSteps.readTables(ctx.inputFiles(SurrogateSteps.TABLE));
    List<Params> params = ctx.inputParams("simulated");
    List<Map<String, Object>> values = ctx.inputValues("simulated");
    Table.Builder rows = Table.builder(table.columnNames());
    for (int i = 0; i < params.size(); i++) {
      double[] row = new double[table.columnNames().size()];
      for (int c = 0; c < row.length; c++) {
        String col = table.columnNames().get(c);
        row[c] = col.equals(target) ? SurrogateSteps.recordedValue(params.get(i), values.get(i), target)
            : params.get(i).getDouble(col);
      }
      rows.addRow(row);
    }
    Table out = table.append(rows.build());
    CsvTables.write(out, ctx.workDir().resolve(TABLE_FILE));
    ctx.value("rows", out.rowCount());
    ctx.value("added", params.size());
  }
}
