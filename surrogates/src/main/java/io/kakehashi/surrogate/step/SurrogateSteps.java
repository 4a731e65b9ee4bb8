package io.kakehashi.surrogate.step;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvWriter;
import io.kakehashi.surrogate.data.Csv;
import io.kakehashi.surrogate.data.CsvTables;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.gate.Decision;
import io.kakehashi.surrogate.gate.GatePolicy;
import io.kakehashi.surrogate.gate.GateResult;
import io.kakehashi.surrogate.gate.Provenance;
import io.kakehashi.surrogate.gate.SurrogateGate;
import io.kakehashi.surrogate.metrics.Calibration;
import io.kakehashi.surrogate.metrics.Evaluation;
import io.kakehashi.surrogate.metrics.RegressionMetrics;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import io.kakehashi.surrogate.store.ModelStore;
import io.kakehashi.surrogate.store.StoredModel;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.StepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The surrogate's steps for the workflow DSL. Each is an ordinary function step, so caching,
 * resume and the run store apply to models and screening decisions like to any other result.
 *
 * <pre>{@code
 * Workflow.builder("alloys")
 *     .step(ingest)                                               // writes rows.csv
 *     .step(SurrogateSteps.train("train", Input.of("ingest", "rows.csv"), spec))
 *     .step(SurrogateSteps.screen("screen", "train", spec.name(), Input.of("pool", "candidates.csv"), gate))
 *     .step(Step.mpi("simulate", 4, "lmp", "-in", "in.mix", "-var", "x", "${x_Ni}")
 *         .sweep(Sweep.fromValues("screen", SurrogateSteps.SIMULATE)))
 *     .build();
 * }</pre>
 */
public final class SurrogateSteps {
  /** The input a training step reads its table (CSV) files from. */
  public static final String TABLE = "table";
  /** The input a screening step reads the model from. */
  public static final String MODEL = "model";
  /** The input a screening step reads its candidate (CSV) files from. */
  public static final String CANDIDATES = "candidates";
  /** The value of a screening step listing the points to simulate, for {@code Sweep.fromValues}. */
  public static final String SIMULATE = "simulate";
  /** The parameter that carries a candidate's row number into the simulation points. */
  public static final String CANDIDATE = "candidate";
  /** The file a screening step writes every prediction and decision to. */
  public static final String PREDICTIONS = "predictions.csv";
  /** The file a results step writes: one value per candidate with its provenance. */
  public static final String RESULTS = "results.csv";

  private SurrogateSteps() {}

  /** Where a training step of model {@code name} leaves the model card, relative to its work directory. */
  public static String modelOutput(String name) {
    return "model/" + name + "/v1/" + ModelStore.CARD_FILE;
  }

  /**
   * A step that trains {@code spec}'s ensemble on the CSV files of {@code table} (all of them,
   * concatenated), writes the model into its work directory (see {@link #modelOutput}) and records
   * the model's label and held-out metrics as values: {@code model}, {@code trainingRows},
   * {@code dataFingerprint}, and per target {@code mae.<t>}, {@code rmse.<t>}, {@code r2.<t>},
   * {@code maxError.<t>}, {@code within1Sigma.<t>}, {@code within2Sigma.<t>}.
   */
  public static Step.Builder train(String stepName, Input table, TrainSpec spec) {
    return Step.function(stepName, ctx -> runTrain(ctx, spec))
        .input(TABLE, table)
        .outputs(modelOutput(spec.name()))
        .description("train surrogate " + spec.name() + " -> " + spec.targets());
  }

  /**
   * A step that screens the candidates of {@code candidates} with the model trained by step
   * {@code trainStep}: it writes {@value #PREDICTIONS} (every candidate with mean, σ, decision and
   * provenance) and records value {@value #SIMULATE}, the candidates to simulate as parameter maps
   * (their columns plus {@value #CANDIDATE}, the row number), ready for {@code Sweep.fromValues}.
   */
  public static Step.Builder screen(String stepName, String trainStep, String modelName, Input candidates,
      GatePolicy policy) {
    return Step.function(stepName, ctx -> runScreen(ctx, policy))
        .input(MODEL, Input.of(trainStep, modelOutput(modelName)))
        .input(CANDIDATES, candidates)
        .outputs(PREDICTIONS)
        .description("surrogate gate over " + candidates.step());
  }

  /**
   * A step that joins the gate's accepted predictions with the simulations of the rejected
   * candidates into {@value #RESULTS}: per candidate its columns, the value of {@code target},
   * σ (empty for simulated values), the source and the model. Every simulation point must record
   * {@code target} as a value. Records {@code fromSurrogate}, {@code fromSimulation} and, over the
   * verification sample, {@code verificationMae} and {@code verificationMaxError} (surrogate mean
   * against simulation) and {@code verificationWithin2Sigma}.
   */
  public static Step.Builder results(String stepName, String screenStep, String simulateStep, String target) {
    return Step.function(stepName, ctx -> runResults(ctx, target))
        .input("predictions", Input.of(screenStep, PREDICTIONS))
        .input("simulated", Input.gatherValues(simulateStep))
        .outputs(RESULTS)
        .description("join surrogate and simulated " + target);
  }

  static void runTrain(StepContext ctx, TrainSpec spec) throws IOException {
    Table table = readTables(ctx.inputFiles(TABLE));
    Ensemble model = EnsembleTrainer.train(table, spec.schema(), spec.targets(), spec.config());
    StoredModel local = new ModelStore(ctx.workDir().resolve("model")).save(spec.name(), model);
    String label = local.id().label();
    if (spec.store().isPresent()) label = new ModelStore(spec.store().get()).save(spec.name(), model).id().label();
    ctx.value("model", label);
    ctx.value("trainingRows", model.training().trainingRows());
    ctx.value("validationRows", model.training().validationRows());
    ctx.value("dataFingerprint", model.training().dataFingerprint());
    Evaluation held = model.training().heldOut();
    if (held != null) {
      for (RegressionMetrics m : held.metrics()) {
        ctx.value("mae." + m.target(), m.mae());
        ctx.value("rmse." + m.target(), m.rmse());
        ctx.value("r2." + m.target(), m.r2());
        ctx.value("maxError." + m.target(), m.maxError());
      }
      for (Calibration c : held.calibration()) {
        ctx.value("within1Sigma." + c.target(), c.within1Sigma());
        ctx.value("within2Sigma." + c.target(), c.within2Sigma());
        ctx.value("spreadFactor." + c.target(), model.training().spreadFactor(c.target()));
      }
    }
  }

  static void runScreen(StepContext ctx, GatePolicy policy) throws IOException {
    StoredModel stored = ModelStore.read(ctx.inputFile(MODEL).getParent());
    // Prefer the label the training step recorded: it names the shared-store version when there is one.
    String label = stored.id().label();
    for (Map<String, Object> v : ctx.inputValues(MODEL)) {
      if (v.get("model") instanceof String s) label = s;
    }
    Table candidates = readTables(ctx.inputFiles(CANDIDATES));
    GateResult result = new SurrogateGate(stored.ensemble(), label, policy).screen(candidates);
    writePredictions(candidates, result, ctx.workDir().resolve(PREDICTIONS));
    List<Map<String, Object>> points = new ArrayList<>();
    for (int r : result.toSimulate()) {
      Map<String, Object> p = new LinkedHashMap<>();
      for (String c : candidates.columnNames()) p.put(c, candidates.get(c, r));
      p.put(CANDIDATE, r);
      points.add(p);
    }
    ctx.value(SIMULATE, points);
    ctx.value("model", label);
    ctx.value("candidates", result.size());
    for (Decision d : Decision.values()) ctx.value(camel(d), result.count(d));
  }

  static void runResults(StepContext ctx, String target) throws IOException {
    Path file = ctx.inputFile("predictions");
    List<String[]> rows = readRows(file);
    List<String> header = List.of(rows.get(0));
    int meanCol = header.indexOf(target + "_mean");
    int stdCol = header.indexOf(target + "_std");
    int decisionCol = header.indexOf("decision");
    int modelCol = header.indexOf("model");
    if (meanCol < 0 || decisionCol < 0) {
      throw new IOException(file + ": no column '" + target + "_mean' or 'decision' in " + header);
    }
    Map<Integer, Double> simulated = new HashMap<>();
    List<Params> params = ctx.inputParams("simulated");
    List<Map<String, Object>> values = ctx.inputValues("simulated");
    for (int i = 0; i < params.size(); i++) {
      simulated.put(params.get(i).getInt(CANDIDATE), recordedValue(params.get(i), values.get(i), target));
    }
    int fromSurrogate = 0, fromSimulation = 0, verified = 0, within2 = 0;
    double absSum = 0, absMax = 0;
    CsvWriter out = Csv.write(ctx.workDir().resolve(RESULTS));
    try {
      List<String> outHeader = new ArrayList<>(header.subList(0, meanCol));
      outHeader.addAll(List.of(target, target + "_std", "source", "model"));
      out.writeHeaders(outHeader);
      String[] row = new String[meanCol + 4];
      for (String[] cells : rows.subList(1, rows.size())) {
        int candidate = Integer.parseInt(cells[0]);
        Decision decision = Decision.valueOf(cells[decisionCol]);
        System.arraycopy(cells, 0, row, 0, meanCol);
        if (!decision.simulate()) {
          row[meanCol] = cells[meanCol];
          row[meanCol + 1] = cells[stdCol];
          row[meanCol + 2] = "SURROGATE";
          row[meanCol + 3] = cells[modelCol];
          fromSurrogate++;
        } else {
          Double y = simulated.get(candidate);
          if (y == null) throw new IllegalStateException("candidate " + candidate + " (" + decision + ") has no simulation result");
          row[meanCol] = y.toString();
          row[meanCol + 1] = "";
          row[meanCol + 2] = "SIMULATION";
          row[meanCol + 3] = "";
          fromSimulation++;
          if (decision == Decision.VERIFICATION) {
            double err = Math.abs(Double.parseDouble(cells[meanCol]) - y);
            verified++;
            absSum += err;
            absMax = Math.max(absMax, err);
            if (err <= 2 * Double.parseDouble(cells[stdCol])) within2++;
          }
        }
        out.writeRow(row);
      }
    } finally {
      out.close();
    }
    ctx.value("fromSurrogate", fromSurrogate);
    ctx.value("fromSimulation", fromSimulation);
    if (verified > 0) {
      ctx.value("verificationMae", absSum / verified);
      ctx.value("verificationMaxError", absMax);
      ctx.value("verificationWithin2Sigma", (double) within2 / verified);
    }
  }

  /** The numeric value {@code target} that the simulation point with {@code params} recorded. */
  static double recordedValue(Params params, Map<String, Object> values, String target) {
    if (!(values.get(target) instanceof Number n)) {
      throw new IllegalArgumentException("simulation point " + params + " recorded no numeric value '" + target
          + "' (has " + values.keySet() + ")");
    }
    return n.doubleValue();
  }

  /** All the CSV files as one table (they must share their columns). */
  static Table readTables(List<Path> files) throws IOException {
    if (files.isEmpty()) throw new IOException("no input table files");
    Table t = CsvTables.read(files.get(0));
    for (Path f : files.subList(1, files.size())) {
      try {
        t = t.append(CsvTables.read(f));
      } catch (IllegalArgumentException e) {
        throw new IOException(f + ": " + e.getMessage(), e);
      }
    }
    return t;
  }

  /** One line per candidate: its columns, then per target mean and σ, then decision, source and model. */
  static void writePredictions(Table candidates, GateResult result, Path file) throws IOException {
    List<String> targets = result.prediction().targets();
    List<String> columns = candidates.columnNames();
    CsvWriter out = Csv.write(file);
    try {
      List<String> header = new ArrayList<>();
      header.add(CANDIDATE);
      header.addAll(columns);
      for (String t : targets) {
        header.add(t + "_mean");
        header.add(t + "_std");
      }
      header.addAll(List.of("decision", "source", "model"));
      out.writeHeaders(header);
      String[] row = new String[header.size()];
      for (int r = 0; r < result.size(); r++) {
        int i = 0;
        row[i++] = Integer.toString(r);
        for (String c : columns) row[i++] = Double.toString(candidates.get(c, r));
        for (int t = 0; t < targets.size(); t++) {
          row[i++] = Double.toString(result.prediction().mean(r, t));
          row[i++] = Double.toString(result.prediction().std(r, t));
        }
        Provenance prov = result.provenance(r);
        row[i++] = result.decision(r).name();
        row[i++] = prov.source().name();
        row[i] = prov.model() == null ? "" : prov.model();
        out.writeRow(row);
      }
    } finally {
      out.close();
    }
  }

  /** Every row of CSV file {@code file}, the header first. */
  private static List<String[]> readRows(Path file) throws IOException {
    CsvParser in = Csv.parse(file);
    try {
      List<String[]> rows = new ArrayList<>();
      String[] row;
      while ((row = in.parseNext()) != null) rows.add(row);
      return rows;
    } finally {
      in.stopParsing();
    }
  }

  private static String camel(Decision d) {
    String[] parts = d.name().toLowerCase().split("_");
    StringBuilder sb = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    return sb.toString();
  }
}
