package io.kakehashi.surrogate.model;

import io.kakehashi.surrogate.data.BatchSource;
import io.kakehashi.surrogate.data.Fingerprint;
import io.kakehashi.surrogate.data.RowHash;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.ColumnStats;
import io.kakehashi.surrogate.feature.Domain;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.feature.Standardizer;
import io.kakehashi.surrogate.metrics.Evaluation;
import io.kakehashi.surrogate.metrics.SpreadCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains a deep ensemble from a {@link BatchSource} in streaming passes, so the training data never
 * has to fit in memory (only the validation rows are kept).
 *
 * <ol>
 *   <li>One pass fits the input and target standardizers and the domain on the training rows,
 *       fingerprints the data and collects the validation rows.
 *   <li>Each epoch is one more pass; every source batch is shuffled per member and cut into
 *       mini-batches. A member stops when its validation loss has not improved for
 *       {@code patience} epochs and keeps its best weights.
 * </ol>
 *
 * Whether a row is held out, and how often it appears in a member's bootstrap resample, is decided
 * from a hash of the row's values, not its position: the split is the same in every pass whatever
 * order the source delivers rows in.
 */
public final class EnsembleTrainer {
  /** Rows read from the source at a time. */
  static final int SOURCE_BATCH_ROWS = 8192;

  private EnsembleTrainer() {}

  /** Trains on an in-memory table or any other source holding the schema's features and the targets. */
  public static Ensemble train(BatchSource data, FeatureSchema schema, List<String> targets, EnsembleConfig config) {
    long started = System.nanoTime();
    List<String> features = schema.names();
    List<String> all = new ArrayList<>(features);
    all.addAll(targets);
    requireColumns(data, all);
    if (targets.isEmpty()) throw new IllegalArgumentException("a model needs at least one target");
    MlpConfig mlp = config.mlp();

    // Pass 1: statistics, fingerprint, validation rows.
    ColumnStats xStats = new ColumnStats(features);
    ColumnStats yStats = new ColumnStats(targets);
    Fingerprint fingerprint = new Fingerprint(all);
    Table.Builder validation = Table.builder(all);
    int validationRows = 0;
    for (Iterator<Table> it = data.batches(SOURCE_BATCH_ROWS, 0); it.hasNext(); ) {
      Table batch = it.next();
      schema.requireIn(batch);
      requireFiniteTargets(batch, targets);
      fingerprint.add(batch);
      long[] hashes = batch.rowHashes(all, 0);
      for (int r = 0; r < batch.rowCount(); r++) {
        if (isHeldOut(hashes[r], mlp)) {
          validation.addRow(batch.row(r, all));
          validationRows++;
        } else {
          xStats.add(batch.row(r, features));
          yStats.add(batch.row(r, targets));
        }
      }
    }
    if (xStats.count() == 0) {
      throw new IllegalArgumentException("no training rows (" + validationRows + " rows, all held out for validation)");
    }
    Standardizer xs = xStats.standardizer();
    Standardizer ys = yStats.standardizer();
    Domain domain = Domain.of(xStats, features);
    Table validationTable = validation.build();
    Block val = Block.of(validationTable, features, targets, xs, ys);

    List<Member> members = new ArrayList<>();
    for (int i = 0; i < config.members(); i++) {
      members.add(new Member(i, config.memberSeed(i), network(features.size(), targets.size(), mlp, config.memberSeed(i))));
    }

    for (int epoch = 0; epoch < mlp.maxEpochs() && members.stream().anyMatch(m -> m.active); epoch++) {
      for (Iterator<Table> it = data.batches(SOURCE_BATCH_ROWS, mlp.seed() * 31 + epoch); it.hasNext(); ) {
        Table batch = it.next();
        Block block = Block.of(batch, features, targets, xs, ys);
        long[] hashes = batch.rowHashes(all, 0);
        for (Member m : members) {
          if (m.active) m.fitBatch(block, hashes, mlp, config.bootstrap(), epoch);
        }
      }
      for (Member m : members) {
        if (m.active) m.endEpoch(epoch, val, mlp);
      }
    }

    List<MultiLayerNetwork> nets = new ArrayList<>();
    List<MemberReport> reports = new ArrayList<>();
    for (Member m : members) {
      m.restoreBest();
      nets.add(m.net);
      reports.add(new MemberReport(m.index, m.seed, m.epochs, m.bestEpoch, m.bestLoss));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    TrainingInfo provisional = new TrainingInfo(config, fingerprint.value(), xStats.count(), validationRows, reports,
        null, List.of(), seconds);
    Ensemble ensemble = new Ensemble(schema, targets, xs, ys, domain, nets, provisional);
    if (validationRows == 0) return ensemble;
    // One pass over the validation rows gives both the σ factors and the held-out evaluation of
    // the calibrated model, whose σ is the raw one times its factor.
    Prediction raw = ensemble.predict(validationTable);
    List<SpreadCalibration> spread = new ArrayList<>();
    Map<String, double[]> truth = new HashMap<>();
    Map<String, double[]> mean = new HashMap<>();
    Map<String, double[]> std = new HashMap<>();
    for (String t : targets) {
      double[] sigma = raw.std(t);
      SpreadCalibration fit = SpreadCalibration.fit(t, validationTable.column(t), raw.mean(t), sigma);
      spread.add(fit);
      for (int r = 0; r < sigma.length; r++) sigma[r] *= fit.factor();
      truth.put(t, validationTable.column(t));
      mean.put(t, raw.mean(t));
      std.put(t, sigma);
    }
    TrainingInfo info = new TrainingInfo(config, fingerprint.value(), xStats.count(), validationRows, reports,
        Evaluation.of(targets, truth, mean, std), spread, seconds);
    return new Ensemble(schema, targets, xs, ys, domain, nets, info);
  }

  /**
   * A fresh, initialised DL4J network as one ensemble member gets it: dense hidden layers, a linear
   * output layer, MSE loss, Adam. Public for benchmarks and for code that trains networks itself.
   */
  public static MultiLayerNetwork network(int inputs, int outputs, MlpConfig mlp, long seed) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(mlp.learningRate().toAdam())
        .l2(mlp.l2())
        .list();
    int in = inputs;
    for (int width : mlp.hiddenLayers()) {
      DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(width).activation(mlp.activation());
      // DL4J's dropOut(p) takes the probability of KEEPING a unit.
      if (mlp.dropout() > 0) dense.dropOut(1 - mlp.dropout());
      layers.layer(dense.build());
      in = width;
    }
    layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
        .nIn(in).nOut(outputs).activation(Activation.IDENTITY).build());
    MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
    net.init();
    return net;
  }

  private static boolean isHeldOut(long rowHash, MlpConfig mlp) {
    return mlp.validationFraction() > 0 && RowHash.uniform(rowHash, mlp.seed()) < mlp.validationFraction();
  }

  /** How many times a row appears in a bootstrap resample: Poisson(1), the large-n limit of resampling n of n. */
  private static int poissonOne(double u) {
    int k = 0;
    double p = Math.exp(-1);
    double cdf = p;
    while (u > cdf && k < 20) {
      k++;
      p /= k;
      cdf += p;
    }
    return k;
  }

  private static void requireColumns(BatchSource data, List<String> needed) {
    List<String> missing = new ArrayList<>();
    for (String c : needed) if (!data.columnNames().contains(c)) missing.add(c);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("training data lacks columns " + missing + " (has " + data.columnNames() + ")");
    }
  }

  private static void requireFiniteTargets(Table batch, List<String> targets) {
    for (String t : targets) {
      double[] col = batch.column(t);
      for (int r = 0; r < col.length; r++) {
        if (!Double.isFinite(col[r])) throw new IllegalArgumentException("target '" + t + "' is " + col[r] + " in a training row");
      }
    }
  }

  /** Standardized features and targets of a batch, row-major. */
  private record Block(int rows, float[] x, float[] y, int d, int t) {
    static Block of(Table table, List<String> features, List<String> targets, Standardizer xs, Standardizer ys) {
      int n = table.rowCount();
      float[] x = new float[n * features.size()];
      float[] y = new float[n * targets.size()];
      table.copyRowMajor(features, 0, n, x);
      table.copyRowMajor(targets, 0, n, y);
      xs.apply(x, n);
      ys.apply(y, n);
      return new Block(n, x, y, features.size(), targets.size());
    }

    DataSet rows(int[] idx, int from, int to) {
      int n = to - from;
      float[] bx = new float[n * d];
      float[] by = new float[n * t];
      for (int i = 0; i < n; i++) {
        System.arraycopy(x, idx[from + i] * d, bx, i * d, d);
        System.arraycopy(y, idx[from + i] * t, by, i * t, t);
      }
      return new DataSet(Nd4j.create(bx, new long[] {n, d}, 'c'), Nd4j.create(by, new long[] {n, t}, 'c'));
    }
  }

  /** One member's network and early-stopping state. */
  private static final class Member {
    final int index;
    final long seed;
    final MultiLayerNetwork net;
    boolean active = true;
    int epochs;
    int bestEpoch = -1;
    double bestLoss = Double.NaN;
    INDArray bestParams;
    int sinceBest;

    Member(int index, long seed, MultiLayerNetwork net) {
      this.index = index;
      this.seed = seed;
      this.net = net;
    }

    void fitBatch(Block block, long[] hashes, MlpConfig mlp, boolean bootstrap, int epoch) {
      int[] idx = new int[block.rows()];
      int n = 0;
      for (int r = 0; r < block.rows(); r++) {
        if (isHeldOut(hashes[r], mlp)) continue;
        int copies = bootstrap ? poissonOne(RowHash.uniform(hashes[r], seed)) : 1;
        for (int c = 0; c < copies; c++) {
          if (n == idx.length) idx = Arrays.copyOf(idx, idx.length * 2);
          idx[n++] = r;
        }
      }
      SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
      }
      for (int from = 0; from < n; from += mlp.batchSize()) {
        net.fit(block.rows(idx, from, Math.min(n, from + mlp.batchSize())));
      }
    }

    void endEpoch(int epoch, Block val, MlpConfig mlp) {
      epochs = epoch + 1;
      net.incrementEpochCount();
      if (val.rows() == 0) {
        bestEpoch = epoch;
        return;
      }
      double loss = validationLoss(val);
      if (bestEpoch < 0 || loss < bestLoss) {
        bestLoss = loss;
        bestEpoch = epoch;
        bestParams = net.params().dup();
        sinceBest = 0;
      } else if (++sinceBest >= mlp.patience()) {
        active = false;
      }
    }

    double validationLoss(Block val) {
      INDArray x = Nd4j.create(val.x(), new long[] {val.rows(), val.d()}, 'c');
      float[] out = net.output(x, false).dup('c').data().asFloat();
      double sq = 0;
      for (int i = 0; i < out.length; i++) {
        double e = out[i] - val.y()[i];
        sq += e * e;
      }
      return sq / out.length;
    }

    void restoreBest() {
      if (bestParams != null) net.setParams(bestParams);
    }
  }
}
