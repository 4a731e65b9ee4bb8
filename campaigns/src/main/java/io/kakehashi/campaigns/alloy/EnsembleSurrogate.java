package io.kakehashi.campaigns.alloy;

import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.structure.Family;
import io.kakehashi.hdf5.ReadMode;
import io.kakehashi.spark.Ingest;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.gate.BlockGate;
import io.kakehashi.surrogate.gate.Decision;
import io.kakehashi.surrogate.gate.GatePolicy;
import io.kakehashi.surrogate.gate.SurrogateGate;
import io.kakehashi.surrogate.metrics.Calibration;
import io.kakehashi.surrogate.metrics.Evaluation;
import io.kakehashi.surrogate.metrics.RegressionMetrics;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import io.kakehashi.surrogate.model.HuberLoss;
import io.kakehashi.surrogate.model.LearningRate;
import io.kakehashi.surrogate.model.MlpConfig;
import io.kakehashi.surrogate.model.Prediction;
import io.kakehashi.surrogate.step.SurrogateSteps;
import io.kakehashi.surrogate.store.ModelStore;
import io.kakehashi.surrogate.store.StoredModel;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.ReportSection;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The campaign's surrogate: the packed HDF5 batches become one Parquet table through the
 * {@code hdf5} Spark source ({@link Ingest}), and a DL4J deep ensemble learns mixing energy from
 * the descriptors. A test set, chosen by candidate id and never seen in training or early
 * stopping, gives the honest error, calibration and parity plot recorded for the report.
 */
public final class EnsembleSurrogate implements AlloyScreening.Surrogate {
  public static final String INGEST = "ingest";
  public static final String TRAIN = "train";
  public static final String MODEL_NAME = "mixing-energy";
  public static final String TARGET = "mixing_energy";
  /** Share of candidates (by id) kept out of training entirely, to measure the error. */
  public static final double TEST_FRACTION = 0.15;

  private final EnsembleConfig config;
  private final GatePolicy gate;

  /**
   * @param gate when a prediction may stand in for LAMMPS: ensemble spread of {@value #TARGET}
   *     (eV/atom) at most the threshold, descriptors inside the training range
   */
  public EnsembleSurrogate(EnsembleConfig config, GatePolicy gate) {
    this.config = config;
    this.gate = gate;
  }

  /**
   * Members of a SiLU MLP with early stopping, learning the residual over a linear baseline. The
   * campaign's default, five members of 2x16, is enough for EAM mixing energies from SRO
   * descriptors (held-out MAE 0.16 meV/atom, against 0.12 for 2x32 and 0.11 for 2x64, on the same
   * 3,000 LAMMPS candidates) and costs about 120 ns per candidate for all five members, a quarter
   * of 2x32's cost.
   *
   * <p>Why the baseline: most of the mixing energy is linear in these cluster-expansion-like
   * descriptors (Ni-Al's spans about -490..0 meV/atom), and 2x16 members fitting that whole range
   * as one standardized target were imprecise (held-out MAE 3.7 meV/atom); over the baseline they
   * learn only what is not linear.
   *
   * <p>Adam's rate falls linearly to 0 over {@code maxEpochs} ({@link LearningRate#linear}): the
   * members end on small steps whenever early stopping lets them run long.
   *
   * <p>The loss is the squared error; {@link #withHuberLoss} trades it for Huber's.
   */
  public static EnsembleSurrogate defaults(int members, int maxEpochs, double toleranceMev, int... hidden) {
    MlpConfig mlp = MlpConfig.builder().hiddenLayers(Arrays.stream(hidden).boxed().toList()).maxEpochs(maxEpochs).patience(40).batchSize(128)
        .learningRate(LearningRate.linear(3e-3, maxEpochs)).validationFraction(0.15).seed(7).build();
    return new EnsembleSurrogate(EnsembleConfig.of(mlp, members).withLinearBaseline(LINEAR_BASELINE_RIDGE),
        GatePolicy.of(TARGET, toleranceMev / 1000 / SIGMAS_WITHIN_TOLERANCE).withDomainMargin(0.0));
  }

  /**
   * The same surrogate with its members trained on the Huber loss ({@link HuberLoss}), quadratic
   * within {@code delta} residual spreads and linear beyond. Where relaxation makes a few cells
   * that no on-lattice descriptor explains (Ni-Al's layered stackings, off by 10-50 meV/atom),
   * those no longer pull the whole fit: on Ni-Al with delta 0.5 the held-out error fell from 1.71
   * to 1.29 meV/atom and every round improved on the first model; on Cu-Ni, whose errors are small
   * and even, the same loss widened the spread and the gate accepted 75% instead of 99% of the
   * screen (bench/README.md, 2026-12-06 (screen speed)).
   */
  public EnsembleSurrogate withHuberLoss(double delta) {
    return new EnsembleSurrogate(config.withMlp(config.mlp().toBuilder().huberDelta(delta).build()), gate);
  }

  /** Where the campaign's Huber loss turns linear, in units of the residual's spread. */
  public static final double HUBER_DELTA = 0.5;

  /**
   * The baseline's ridge, relative to the standardized descriptors' unit variance: enough for
   * exactly dependent descriptors (pair fractions that sum to one, a pure element's constant SRO)
   * to leave a solvable system, too small to bias any direction the rows say something about.
   */
  public static final double LINEAR_BASELINE_RIDGE = 1e-6;

  /**
   * The gate accepts a prediction when this many calibrated σ fit inside the tolerance: with σ
   * calibrated to Gaussian coverage, 2.576 σ holds 99% of errors, so at most about 1% of accepted
   * predictions should miss the tolerance.
   */
  public static final double SIGMAS_WITHIN_TOLERANCE = 2.576;

  @Override
  public String version() {
    return "ensemble " + config + " gate " + gate;
  }

  @Override
  public boolean hasSpread() {
    return true;
  }

  @Override
  public List<Step> steps(AlloyScreening.Round round, List<String> featureNames) {
    String ingestName = round.step(INGEST);
    String own = round.packSteps().get(round.packSteps().size() - 1);
    Ingest ingest = Ingest.step(ingestName, Input.gather(own, AlloyScreening.BATCH_HDF5)).mode(ReadMode.SKIP);
    // A later round may have picked nothing (its stop rule held): then it keeps the last model.
    if (!round.earlier().isEmpty()) ingest.allowEmpty();
    // One input per round's table, this round's last: table-0, table-1, ...
    List<String> ingests = new ArrayList<>();
    for (String r : round.earlier()) ingests.add(AlloyScreening.Round.named(INGEST, r));
    ingests.add(ingestName);
    List<String> tables = new ArrayList<>();
    for (int k = 0; k < ingests.size(); k++) tables.add(TABLE + "-" + k);
    Step.Builder train = Step.function(round.step(TRAIN), ctx -> train(ctx, featureNames, config, tables));
    for (int k = 0; k < ingests.size(); k++) train.input(tables.get(k), Input.of(ingests.get(k), Ingest.TABLE));
    if (!round.earlier().isEmpty()) {
      train.input(PREVIOUS, model(round.earlier().get(round.earlier().size() - 1)));
    }
    train.outputs(SurrogateSteps.modelOutput(MODEL_NAME))
        .description("DL4J deep ensemble: mixing energy from descriptors" + (round.name().isEmpty() ? ""
            : ", round " + round.name() + " of active learning"));
    // The version covers this class's code and the ensemble's configuration.
    String code = ((io.kakehashi.workflow.Action.Function) train.build().action()).version();
    train.version(code + " " + config);
    return List.of(ingest.toStep().description("HDF5 batches -> one Parquet table (Spark, hdf5 source)").build(),
        train.build());
  }

  /** The train step's input with the model of the round before, kept when a round picked nothing. */
  static final String PREVIOUS = "previous";
  static final String TABLE = "table";

  @Override
  public Input model(String round) {
    return Input.of(AlloyScreening.Round.named(TRAIN, round), SurrogateSteps.modelOutput(MODEL_NAME));
  }

  @Override
  public Screening.BlockModel load(Path modelFile, List<String> featureNames) throws Exception {
    return load(modelFile, featureNames, FamilyCalibration.NONE);
  }

  /**
   * The model with its σ and its gate corrected per configuration family by what fresh LAMMPS
   * values showed ({@link FamilyCalibration}).
   */
  @Override
  public Screening.BlockModel load(Path modelFile, List<String> featureNames, FamilyCalibration calibration)
      throws Exception {
    StoredModel stored = ModelStore.read(modelFile.getParent());
    Ensemble ensemble = stored.ensemble();
    ensemble.schema().requireSame(featureNames);
    return new EnsembleModel(new SurrogateGate(ensemble, stored.id().label(), gate), stored.id().label(), calibration);
  }

  /**
   * The ensemble behind the surrogate gate, over blocks of candidates: mean, spread and decision
   * per row. The gate's domain check and threshold are the ensemble's own; the calibration can
   * only make it stricter (its gate factor is at least 1), per row's family.
   */
  static final class EnsembleModel implements Screening.BlockModel {
    private final SurrogateGate gate;
    private final String label;
    private final FamilyCalibration calibration;
    private final double threshold;
    private BlockGate blocks;
    private Family[] families;

    EnsembleModel(SurrogateGate gate, String label, FamilyCalibration calibration) {
      this.gate = gate;
      this.label = label;
      this.calibration = calibration;
      this.threshold = gate.policy().maxStd().get(TARGET);
    }

    @Override
    public void predict(float[] features, int stride, int rows, double[] out) {
      predict(features, stride, rows, null, out);
    }

    @Override
    public void predict(float[] features, int stride, int rows, Family[] families, double[] out) {
      if (blocks == null || blocks.maxRows() != stride) blocks = gate.blocks(stride);
      blocks.screen(features, rows);
      this.families = families;
      for (int r = 0; r < rows; r++) out[r] = blocks.mean(r, 0);
    }

    @Override
    public Screening.BlockModel forAnotherThread() {
      return new EnsembleModel(gate, label, calibration);
    }

    private FamilyCalibration.Scale scale(int row) {
      return calibration.of(families == null ? null : families[row]);
    }

    @Override
    public double spread(int row) {
      return blocks.std(row, 0) * scale(row).sigma();
    }

    @Override
    public String decision(int row) {
      Decision d = blocks.decision(row);
      if ((d == Decision.ACCEPTED || d == Decision.VERIFICATION)
          && !(calibration.trusted() && blocks.std(row, 0) * scale(row).gate() <= threshold)) {
        return Decision.UNCERTAIN.name();
      }
      return d.name();
    }

    @Override
    public String name() {
      return label;
    }
  }

  static void train(StepContext ctx, List<String> features, EnsembleConfig config, List<String> tables)
      throws IOException {
    String own = tables.get(tables.size() - 1);
    if (tables.size() > 1 && ctx.inputValues(own).stream().allMatch(v -> v != null && v.get(Ingest.ROWS) instanceof Number n
        && n.longValue() == 0)) {
      keepPrevious(ctx);
      return;
    }
    List<String> columns = new ArrayList<>(features);
    columns.add(TARGET);
    Dataset<Row> df = Ingest.read(ctx, tables);
    List<String> wanted = new ArrayList<>(columns);
    wanted.add("candidate_id");
    Table all = toTable(df.select(wanted.get(0), wanted.subList(1, wanted.size()).toArray(String[]::new)), wanted);
    double[] ids = all.column("candidate_id");
    List<Integer> trainRows = new ArrayList<>();
    List<Integer> testRows = new ArrayList<>();
    for (int r = 0; r < all.rowCount(); r++) (inTestSet((long) ids[r]) ? testRows : trainRows).add(r);
    Table train = all.rows(trainRows.stream().mapToInt(Integer::intValue).toArray()).select(columns);
    Table test = all.rows(testRows.stream().mapToInt(Integer::intValue).toArray()).select(columns);

    long t0 = System.nanoTime();
    Ensemble ensemble = EnsembleTrainer.train(train, FeatureSchema.continuous(features), List.of(TARGET), config);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    StoredModel stored;
    try {
      stored = new ModelStore(ctx.workDir().resolve("model")).save(MODEL_NAME, ensemble);
    } catch (IOException e) {
      throw new UncheckedIOException("saving the model in " + ctx.workDir(), e);
    }
    ctx.value("model", stored.id().label());
    ctx.value("training_rows", train.rowCount());
    ctx.value("test_rows", test.rowCount());
    ctx.value("train_seconds", trainSeconds);
    if (test.rowCount() == 0) return;

    Evaluation eval = ensemble.evaluate(test);
    RegressionMetrics m = eval.metrics(TARGET);
    Calibration c = eval.calibration(TARGET);
    ctx.value("test_mae_mev_per_atom", m.mae() * 1000);
    ctx.value("test_rmse_mev_per_atom", m.rmse() * 1000);
    ctx.value("test_max_error_mev_per_atom", m.maxError() * 1000);
    ctx.value("test_r2", m.r2());
    ctx.value("within_1_sigma", c.within1Sigma());
    ctx.value("within_2_sigma", c.within2Sigma());

    Prediction p = ensemble.predict(test);
    double[] truth = test.column(TARGET);
    double[] mean = p.mean(TARGET);
    double[] std = p.std(TARGET);
    double[] truthMev = new double[truth.length];
    double[] meanMev = new double[truth.length];
    double[] stdMev = new double[truth.length];
    double[] errorMev = new double[truth.length];
    double factor = ensemble.training().spreadFactor(TARGET);
    double[] rawStd = new double[truth.length];
    for (int i = 0; i < truth.length; i++) {
      rawStd[i] = std[i] / factor;
      truthMev[i] = truth[i] * 1000;
      meanMev[i] = mean[i] * 1000;
      stdMev[i] = std[i] * 1000;
      errorMev[i] = meanMev[i] - truthMev[i];
    }
    Calibration raw = Calibration.of(TARGET, truth, mean, rawStd);
    ctx.value("sigma_scale", factor);
    ctx.value("within_1_sigma_unscaled", raw.within1Sigma());
    ctx.value("within_2_sigma_unscaled", raw.within2Sigma());
    ctx.value("report.parity", ReportSection.scatter("Parity on held-out LAMMPS candidates (" + test.rowCount() + ")",
        "LAMMPS mixing energy (meV/atom)", "surrogate mean ± σ (meV/atom)", truthMev, meanMev, stdMev, true));
    ctx.value("report.errors", ReportSection.histogram("Surrogate error on held-out candidates",
        "surrogate − LAMMPS (meV/atom)", errorMev, 30));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("model", stored.id().label());
    metrics.put("ensemble members", config.members());
    metrics.put("training rows (incl. early-stopping validation)", train.rowCount());
    metrics.put("held-out test rows", test.rowCount());
    metrics.put("MAE (meV/atom)", m.mae() * 1000);
    metrics.put("RMSE (meV/atom)", m.rmse() * 1000);
    metrics.put("max error (meV/atom)", m.maxError() * 1000);
    metrics.put("R²", m.r2());
    metrics.put("within ±1σ (Gaussian: 0.683)", c.within1Sigma());
    metrics.put("within ±2σ (Gaussian: 0.954)", c.within2Sigma());
    metrics.put("σ scale, fitted on the early-stopping rows", factor);
    metrics.put("within ±1σ / ±2σ of the unscaled ensemble σ", String.format("%.3f / %.3f", raw.within1Sigma(),
        raw.within2Sigma()));
    ensemble.linearBaseline().ifPresent(baseline -> {
      // How much the members add over the linear fit they learn the residual of.
      double baselineMae = RegressionMetrics.of(TARGET, truth, baseline.predict(test, TARGET)).mae() * 1000;
      ctx.value("test_baseline_mae_mev_per_atom", baselineMae);
      metrics.put("MAE of the linear baseline alone (meV/atom)", baselineMae);
    });
    metrics.put("training time (s)", trainSeconds);
    ctx.value("report.metrics", ReportSection.metrics("Surrogate accuracy and calibration", metrics));
  }

  /** A round that added no rows publishes the previous round's model unchanged. */
  private static void keepPrevious(StepContext ctx) throws IOException {
    // .../model/<name>/v1/model.json -> .../model
    Path from = ctx.inputFile(PREVIOUS).getParent().getParent().getParent();
    Path to = ctx.workDir().resolve(from.getFileName());
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    ctx.value("kept_previous_model", true);
  }

  /** A stable split by candidate id, independent of batch order and of the training seed. */
  static boolean inTestSet(long candidateId) {
    long h = candidateId * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    return Math.floorMod(h, 1000) < TEST_FRACTION * 1000;
  }

  /** The named numeric columns of a DataFrame, streamed to the driver partition by partition. */
  static Table toTable(Dataset<Row> df, List<String> columns) {
    Table.Builder b = Table.builder(columns);
    double[] row = new double[columns.size()];
    for (Iterator<Row> it = df.toLocalIterator(); it.hasNext(); ) {
      Row r = it.next();
      for (int i = 0; i < row.length; i++) {
        Object v = r.get(i);
        if (!(v instanceof Number n)) {
          throw new IllegalArgumentException("column '" + columns.get(i) + "' holds " + v + ", not a number");
        }
        row[i] = n.doubleValue();
      }
      b.addRow(row.clone());
    }
    return b.build();
  }
}
