package io.kakehashi.surrogate.model;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.Domain;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.feature.Standardizer;
import io.kakehashi.surrogate.metrics.Evaluation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained deep ensemble with its feature pipeline: the schema it reads, the standardizers of
 * inputs and targets, the training domain and the member networks, and, when trained with one
 * ({@link EnsembleConfig#withLinearBaseline}), the linear baseline whose residual the members
 * learn: its mean is then the baseline plus the members' mean, its σ the members' spread alone.
 * Made by {@link EnsembleTrainer} or loaded from a {@link io.kakehashi.surrogate.store.ModelStore}.
 *
 * <p>Inference is batched: each chunk of up to {@value #CHUNK_ROWS} rows is one matrix product
 * chain per member, never one call per row. Screening a million candidates is about 16 calls per
 * member. Throughput depends on ND4J's threads: see {@code OMP_NUM_THREADS} in the bench README.
 */
public final class Ensemble {
  /** Rows per network call; bounds the memory of one call (rows x widest layer floats). */
  public static final int CHUNK_ROWS = 65_536;

  private final FeatureSchema schema;
  private final List<String> targets;
  private final Standardizer inputScaler;
  private final Standardizer targetScaler;
  private final LinearBaseline baseline;
  private final Domain domain;
  private final List<MultiLayerNetwork> members;
  private final List<DenseStack> stacks;
  /** Per member, its vector kernel, or null where it takes the GEMM path (see {@link BlockPredictor}). */
  private final VectorMlp[] kernels;
  private final double[] spreadFactors;
  private final TrainingInfo training;

  /**
   * @param targetScaler the standardizer of what the members output: the targets, or their
   *     residuals over {@code baseline}
   * @param baseline the linear baseline, or null for a model trained without one
   */
  public Ensemble(FeatureSchema schema, List<String> targets, Standardizer inputScaler, Standardizer targetScaler,
      LinearBaseline baseline, Domain domain, List<MultiLayerNetwork> members, TrainingInfo training) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.targets = List.copyOf(targets);
    this.inputScaler = Objects.requireNonNull(inputScaler, "inputScaler");
    this.targetScaler = Objects.requireNonNull(targetScaler, "targetScaler");
    this.baseline = baseline;
    this.domain = Objects.requireNonNull(domain, "domain");
    this.members = List.copyOf(members);
    this.stacks = DenseStack.of(this.members);
    this.training = Objects.requireNonNull(training, "training");
    this.spreadFactors = this.targets.stream().mapToDouble(training::spreadFactor).toArray();
    this.kernels = new VectorMlp[stacks.size()];
    for (int m = 0; m < kernels.length; m++) {
      kernels[m] = DenseStack.VECTOR_API ? VectorMlp.of(stacks.get(m), inputScaler) : null;
    }
    if (!inputScaler.columns().equals(schema.names())) {
      throw new IllegalArgumentException("input standardizer columns " + inputScaler.columns() + " differ from schema "
          + schema.names());
    }
    if (!targetScaler.columns().equals(this.targets)) {
      throw new IllegalArgumentException("target standardizer columns " + targetScaler.columns() + " differ from targets "
          + this.targets);
    }
    if (this.members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
    // Without its baseline a model trained on residuals would predict them as the targets.
    if (training.config().hasLinearBaseline() != (baseline != null)) {
      throw new IllegalArgumentException("a model trained with linearBaselineRidge "
          + training.config().linearBaselineRidge() + " needs " + (baseline != null ? "no" : "its") + " linear baseline");
    }
    if (baseline != null && !(baseline.features().equals(schema.names()) && baseline.targets().equals(this.targets))) {
      throw new IllegalArgumentException("linear baseline of " + baseline.targets() + " on " + baseline.features()
          + " differs from targets " + this.targets + " on schema " + schema.names());
    }
  }

  public FeatureSchema schema() {
    return schema;
  }

  public List<String> targets() {
    return targets;
  }

  public Standardizer inputScaler() {
    return inputScaler;
  }

  /** The standardizer of the members' outputs: the targets, or their residuals over the {@link #linearBaseline}. */
  public Standardizer targetScaler() {
    return targetScaler;
  }

  /** The linear baseline the members' mean is added to, if the model was trained with one. */
  public Optional<LinearBaseline> linearBaseline() {
    return Optional.ofNullable(baseline);
  }

  public Domain domain() {
    return domain;
  }

  /** The member networks (do not train them further: the ensemble's metadata would no longer hold). */
  public List<MultiLayerNetwork> members() {
    return members;
  }

  public TrainingInfo training() {
    return training;
  }

  /**
   * Predicts every row of {@code table}, reading the schema's features by name (other columns
   * are ignored).
   *
   * @throws io.kakehashi.surrogate.feature.SchemaMismatchException if a feature is missing or a value
   *     does not fit its type
   */
  public Prediction predict(Table table) {
    schema.requireIn(table);
    int n = table.rowCount();
    BlockPredictor predictor = predictor(Math.max(1, Math.min(n, CHUNK_ROWS)));
    float[] x = new float[predictor.maxRows() * schema.size()];
    double[] mean = new double[n * targets.size()];
    double[] std = new double[n * targets.size()];
    for (int from = 0; from < n; from += CHUNK_ROWS) {
      int to = Math.min(n, from + CHUNK_ROWS);
      table.copyColumnMajor(schema.names(), from, to, x, predictor.maxRows());
      collect(predictor, x, to - from, from, mean, std);
    }
    return new Prediction(targets, n, mean, std);
  }

  /**
   * Predicts rows given as a row-major block whose columns are {@code columns}, which must be the
   * schema's features in the schema's order.
   *
   * @throws io.kakehashi.surrogate.feature.SchemaMismatchException naming missing, extra or reordered
   *     features
   */
  public Prediction predict(List<String> columns, float[] rowMajor, int rows) {
    schema.requireSame(columns);
    if (rowMajor.length < rows * schema.size()) {
      throw new IllegalArgumentException(rows + " rows of " + schema.size() + " features need " + rows * schema.size()
          + " values, got " + rowMajor.length);
    }
    double[] mean = new double[rows * targets.size()];
    double[] std = new double[rows * targets.size()];
    int d = schema.size();
    BlockPredictor predictor = predictor(Math.max(1, Math.min(rows, CHUNK_ROWS)));
    int stride = predictor.maxRows();
    float[] chunk = new float[stride * d];
    for (int from = 0; from < rows; from += CHUNK_ROWS) {
      int to = Math.min(rows, from + CHUNK_ROWS);
      for (int r = from; r < to; r++) {
        for (int c = 0; c < d; c++) chunk[c * stride + r - from] = rowMajor[r * d + c];
      }
      collect(predictor, chunk, to - from, from, mean, std);
    }
    return new Prediction(targets, rows, mean, std);
  }

  /**
   * A predictor for blocks of up to {@code maxRows} rows that keeps its buffers between blocks:
   * for loops that predict millions of rows block by block (one predictor per thread).
   */
  public BlockPredictor predictor(int maxRows) {
    return new BlockPredictor(this, stacks, kernels, maxRows);
  }

  private void collect(BlockPredictor predictor, float[] x, int rows, int at, double[] mean, double[] std) {
    predictor.predict(x, rows);
    int t = targets.size();
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < t; j++) {
        mean[(at + r) * t + j] = predictor.mean(r, j);
        std[(at + r) * t + j] = predictor.std(r, j);
      }
    }
  }

  /** Scores the ensemble on rows of {@code table} that hold both the features and the targets. */
  public Evaluation evaluate(Table table) {
    Prediction p = predict(table);
    Map<String, double[]> truth = new HashMap<>();
    Map<String, double[]> mean = new HashMap<>();
    Map<String, double[]> std = new HashMap<>();
    for (String t : targets) {
      truth.put(t, table.column(t));
      mean.put(t, p.mean(t));
      std.put(t, p.std(t));
    }
    return Evaluation.of(targets, truth, mean, std);
  }

  /** Per target, the factor that calibrates the members' spread ({@link TrainingInfo#spreadFactor}). */
  double[] spreadFactors() {
    return spreadFactors;
  }
}
