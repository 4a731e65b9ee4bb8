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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained deep ensemble with its feature pipeline: the schema it reads, the standardizers of
 * inputs and targets, the training domain and the member networks. Made by {@link EnsembleTrainer}
 * or loaded from a {@link io.kakehashi.surrogate.store.ModelStore}.
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
  private final Domain domain;
  private final List<MultiLayerNetwork> members;
  private final List<DenseStack> stacks;
  private final double[] spreadFactors;
  private final TrainingInfo training;

  public Ensemble(FeatureSchema schema, List<String> targets, Standardizer inputScaler, Standardizer targetScaler,
      Domain domain, List<MultiLayerNetwork> members, TrainingInfo training) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.targets = List.copyOf(targets);
    this.inputScaler = Objects.requireNonNull(inputScaler, "inputScaler");
    this.targetScaler = Objects.requireNonNull(targetScaler, "targetScaler");
    this.domain = Objects.requireNonNull(domain, "domain");
    this.members = List.copyOf(members);
    this.stacks = DenseStack.of(this.members);
    this.training = Objects.requireNonNull(training, "training");
    this.spreadFactors = this.targets.stream().mapToDouble(training::spreadFactor).toArray();
    if (!inputScaler.columns().equals(schema.names())) {
      throw new IllegalArgumentException("input standardizer columns " + inputScaler.columns() + " differ from schema "
          + schema.names());
    }
    if (!targetScaler.columns().equals(this.targets)) {
      throw new IllegalArgumentException("target standardizer columns " + targetScaler.columns() + " differ from targets "
          + this.targets);
    }
    if (this.members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
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

  public Standardizer targetScaler() {
    return targetScaler;
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
    int d = schema.size();
    double[] mean = new double[n * targets.size()];
    double[] std = new double[n * targets.size()];
    float[] x = new float[Math.min(n, CHUNK_ROWS) * d];
    Buffers buffers = new Buffers(Math.min(n, CHUNK_ROWS));
    for (int from = 0; from < n; from += CHUNK_ROWS) {
      int to = Math.min(n, from + CHUNK_ROWS);
      table.copyRowMajor(schema.names(), from, to, x);
      predictInto(x, to - from, buffers, mean, std, from);
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
    Buffers buffers = new Buffers(Math.min(rows, CHUNK_ROWS));
    for (int from = 0; from < rows; from += CHUNK_ROWS) {
      int to = Math.min(rows, from + CHUNK_ROWS);
      predictInto(java.util.Arrays.copyOfRange(rowMajor, from * d, to * d), to - from, buffers, mean, std, from);
    }
    return new Prediction(targets, rows, mean, std);
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

  /**
   * Standardizes {@code x} (rows x features, original units, overwritten) and writes the members'
   * mean and spread, in target units, at row offset {@code at} of {@code mean} and {@code std}.
   */
  private void predictInto(float[] x, int rows, Buffers buffers, double[] mean, double[] std, int at) {
    inputScaler.apply(x, rows);
    int d = schema.size();
    int t = targets.size();
    // The last chunk of a table is shorter than the reused buffer.
    float[] exact = x.length == rows * d ? x : java.util.Arrays.copyOf(x, rows * d);
    INDArray input = Nd4j.create(exact, new long[] {rows, d}, 'c');
    double[] sum = new double[rows * t];
    double[] sumSq = new double[rows * t];
    for (DenseStack stack : stacks) {
      float[] out = stack.output(input, buffers.a, buffers.b).dup('c').data().asFloat();
      for (int i = 0; i < out.length; i++) {
        double v = out[i];
        sum[i] += v;
        sumSq[i] += v * v;
      }
    }
    int m = members.size();
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < t; j++) {
        int i = r * t + j;
        double mu = sum[i] / m;
        double var = Math.max(0, sumSq[i] / m - mu * mu);
        mean[(at + r) * t + j] = targetScaler.invert(j, mu);
        std[(at + r) * t + j] = targetScaler.invertScale(j, Math.sqrt(var)) * spreadFactors[j];
      }
    }
  }

  /** Two activation buffers for one predict call, reused by every chunk and member. */
  private final class Buffers {
    final INDArray a;
    final INDArray b;

    Buffers(int rows) {
      long floats = (long) rows * stacks.stream().mapToInt(DenseStack::bufferWidth).max().orElseThrow();
      a = Nd4j.createUninitialized(DataType.FLOAT, floats);
      b = Nd4j.createUninitialized(DataType.FLOAT, floats);
    }
  }
}
