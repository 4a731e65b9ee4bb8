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
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains a deep ensemble from a {@link BatchSource} in streaming passes, so the training data never
 * has to fit in memory (only the validation rows are kept).
 *
 * <ol>
 *   <li>One pass fits the input and target standardizers and the domain on the training rows,
 *       fingerprints the data and collects the validation rows. With a
 *       {@linkplain EnsembleConfig#withLinearBaseline linear baseline} it also accumulates the
 *       rows' covariance, from which the baseline and the standardizer of the residuals the
 *       members learn instead of the targets follow.
 *   <li>Each epoch is one more pass; every source batch is shuffled and cut into mini-batches.
 *       All members learn from each mini-batch in one step of one network ({@link Joint}), each on
 *       its own bootstrap weights. A member stops when its validation loss has not improved for
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
    ColumnStats xyStats = config.hasLinearBaseline() ? new ColumnStats(all) : null;
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
          if (xyStats != null) xyStats.add(batch.row(r, all));
        }
      }
    }
    if (xStats.count() == 0) {
      throw new IllegalArgumentException("no training rows (" + validationRows + " rows, all held out for validation)");
    }
    Standardizer xs = xStats.standardizer();
    LinearBaseline.Fit linear = xyStats == null ? null
        : LinearBaseline.fit(xyStats, features, targets, config.linearBaselineRidge());
    LinearBaseline baseline = linear == null ? null : linear.baseline();
    Standardizer ys = linear == null ? yStats.standardizer() : linear.residuals();
    Domain domain = Domain.of(xStats, features);
    Table validationTable = validation.build();
    // The members' validation loss is on residuals, which is the loss of the full prediction:
    // the baseline is the same function of the features in both.
    Block val = Block.of(validationTable, features, targets, xs, ys, baseline);

    Joint joint = new Joint(features.size(), targets.size(), mlp, config);
    for (int epoch = 0; epoch < mlp.maxEpochs() && joint.anyActive(); epoch++) {
      for (Iterator<Table> it = data.batches(SOURCE_BATCH_ROWS, mlp.seed() * 31 + epoch); it.hasNext(); ) {
        Table batch = it.next();
        joint.fitBatch(Block.of(batch, features, targets, xs, ys, baseline), batch.rowHashes(all, 0), mlp,
            config.bootstrap(), epoch);
      }
      joint.endEpoch(epoch, val, mlp);
    }

    List<MultiLayerNetwork> nets = joint.bestMembers(features.size(), targets.size(), mlp);
    List<MemberReport> reports = joint.reports();
    double seconds = (System.nanoTime() - started) / 1e9;
    TrainingInfo provisional = new TrainingInfo(config, fingerprint.value(), xStats.count(), validationRows, reports,
        null, List.of(), seconds);
    Ensemble ensemble = new Ensemble(schema, targets, xs, ys, baseline, domain, nets, provisional);
    if (validationRows == 0) return ensemble;
    // One pass over the validation rows gives both the σ factors and the held-out evaluation of
    // the calibrated model, whose σ is the raw one times its factor. Both are about the full
    // prediction in the targets' units, the baseline included.
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
    return new Ensemble(schema, targets, xs, ys, baseline, domain, nets, info);
  }

  /**
   * A fresh, initialised DL4J network as one ensemble member gets it: dense hidden layers, a linear
   * output layer, MSE loss (or {@link HuberLoss}, see {@link MlpConfig#huberDelta()}), Adam. Public
   * for benchmarks and for code that trains networks itself.
   */
  public static MultiLayerNetwork network(int inputs, int outputs, MlpConfig mlp, long seed) {
    return network(inputs, outputs, mlp, seed, mlp.activation().getActivationFunction());
  }

  /**
   * The network the trainer fits: as {@link #network}, with SiLU computed in SIMD lanes ({@link
   * LaneSwish}) where the JVM has the vector module. Not for saving: its configuration names a
   * class of ours; the trained weights go into {@link #network}s.
   */
  public static MultiLayerNetwork trainingNetwork(int inputs, int outputs, MlpConfig mlp, long seed) {
    boolean lanes = mlp.activation() == Activation.SWISH && DenseStack.VECTOR_API;
    return network(inputs, outputs, mlp, seed, lanes ? new LaneSwish() : mlp.activation().getActivationFunction());
  }

  private static MultiLayerNetwork network(int inputs, int outputs, MlpConfig mlp, long seed, IActivation hidden) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(mlp.learningRate().toAdam())
        .l2(mlp.l2())
        .list();
    int in = inputs;
    for (int width : mlp.hiddenLayers()) {
      DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(width).activation(hidden);
      // DL4J's dropOut(p) takes the probability of KEEPING a unit.
      if (mlp.dropout() > 0) dense.dropOut(1 - mlp.dropout());
      layers.layer(dense.build());
      in = width;
    }
    OutputLayer.Builder output = mlp.huberDelta() > 0
        ? new OutputLayer.Builder().lossFunction(new HuberLoss(mlp.huberDelta()))
        : new OutputLayer.Builder(LossFunctions.LossFunction.MSE);
    layers.layer(output.nIn(in).nOut(outputs).activation(Activation.IDENTITY).build());
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

  /**
   * Standardized features and targets of a batch, row-major; with a baseline (else null), the
   * targets' residuals over it.
   */
  private record Block(int rows, float[] x, float[] y, int d, int t) {
    static Block of(Table table, List<String> features, List<String> targets, Standardizer xs, Standardizer ys,
        LinearBaseline baseline) {
      int n = table.rowCount();
      int d = features.size();
      float[] x = new float[n * d];
      float[] y = new float[n * targets.size()];
      table.copyRowMajor(features, 0, n, x);
      if (baseline == null) {
        table.copyRowMajor(targets, 0, n, y);
      } else {
        // From the double targets, not their float copies, whose rounding is on the scale of the
        // whole target rather than of the residual.
        for (int t = 0; t < targets.size(); t++) {
          double[] target = table.column(targets.get(t));
          for (int r = 0; r < n; r++) y[r * targets.size() + t] = (float) (target[r] - baseline.predict(t, x, r * d, 1));
        }
      }
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

  /**
   * Every member of the ensemble as one network, so that a training step costs one DL4J call
   * instead of one per member: at these sizes (tens of units) a step's time is almost all
   * per-call and per-operation overhead, not arithmetic. The first layer puts the members' first
   * layers side by side (they all read the same features); every later layer is block-diagonal,
   * member k's block connecting only member k's units, kept so by zeroing the other blocks after
   * each step. Output k*t..k*t+t-1 is member k's; a per-output label mask carries each member's
   * bootstrap count of each row (0 leaves the row out of that member's loss and gradient), which
   * is what resampling the rows would do.
   *
   * <p>Each member starts from the weights {@link #network} gives its seed, so the members are
   * the networks that training them one by one would start from.
   */
  private static final class Joint {
    private final int members;
    private final int targets;
    private final int[] widths; // per member: inputs, hidden..., outputs
    private final MultiLayerNetwork net;
    private final INDArray[] blockMasks; // per layer >= 1: 1 on the diagonal blocks
    private final long[] seeds;
    private final boolean[] active;
    private final int[] epochs;
    private final int[] bestEpoch;
    private final double[] bestLoss;
    private final int[] sinceBest;
    private final INDArray[][] best; // per member: its W and b of every layer, at its best epoch

    Joint(int inputs, int targets, MlpConfig mlp, EnsembleConfig config) {
      this.members = config.members();
      this.targets = targets;
      List<Integer> hidden = mlp.hiddenLayers();
      this.widths = new int[hidden.size() + 2];
      widths[0] = inputs;
      for (int i = 0; i < hidden.size(); i++) widths[i + 1] = hidden.get(i);
      widths[widths.length - 1] = targets;
      // The loss averages over all members' outputs: l2 per member stays what one network has.
      MlpConfig wide = mlp.toBuilder()
          .hiddenLayers(hidden.stream().map(w -> w * members).toList())
          .l2(mlp.l2() / members)
          .build();
      this.net = trainingNetwork(inputs, targets * members, wide, config.memberSeed(0));
      this.seeds = new long[members];
      int layers = widths.length - 1;
      this.blockMasks = new INDArray[layers];
      for (int k = 0; k < members; k++) {
        seeds[k] = config.memberSeed(k);
        MultiLayerNetwork one = network(inputs, targets, mlp, seeds[k]);
        for (int l = 0; l < layers; l++) {
          block(l, k, "W").assign(one.getLayer(l).getParam("W"));
          block(l, k, "b").assign(one.getLayer(l).getParam("b"));
        }
      }
      for (int l = 1; l < layers; l++) {
        INDArray w = net.getLayer(l).getParam("W");
        INDArray mask = Nd4j.zeros(w.dataType(), w.shape());
        for (int k = 0; k < members; k++) {
          mask.get(NDArrayIndex.interval((long) k * widths[l], (long) (k + 1) * widths[l]),
              NDArrayIndex.interval((long) k * widths[l + 1], (long) (k + 1) * widths[l + 1]))
              .assign(1);
        }
        blockMasks[l] = mask;
        w.muli(mask);
      }
      this.active = new boolean[members];
      Arrays.fill(active, true);
      this.epochs = new int[members];
      this.bestEpoch = new int[members];
      Arrays.fill(bestEpoch, -1);
      this.bestLoss = new double[members];
      Arrays.fill(bestLoss, Double.NaN);
      this.sinceBest = new int[members];
      this.best = new INDArray[members][];
    }

    /**
     * A view of member k's part of layer l's weights (W, rows: inputs, all of them for the first
     * layer) or bias (b).
     */
    private INDArray block(int l, int k, String param) {
      INDArray p = net.getLayer(l).getParam(param);
      INDArrayIndex out = NDArrayIndex.interval(
          (long) k * widths[l + 1], (long) (k + 1) * widths[l + 1]);
      if (param.equals("b")) return p.get(NDArrayIndex.all(), out);
      INDArrayIndex in = l == 0 ? NDArrayIndex.all()
          : NDArrayIndex.interval((long) k * widths[l], (long) (k + 1) * widths[l]);
      return p.get(in, out);
    }

    boolean anyActive() {
      for (boolean a : active) if (a) return true;
      return false;
    }

    /**
     * One pass over a source batch. A row that some member's bootstrap draws c times appears as
     * c copies; copy i is in member k's loss when k drew the row more than i times (a 0/1 label
     * mask: DL4J's loss takes the mask as a selection, not as a weight).
     */
    void fitBatch(Block block, long[] hashes, MlpConfig mlp, boolean bootstrap, int epoch) {
      int[] counts = new int[block.rows() * members];
      long[] copies = new long[block.rows()];
      int n = 0;
      for (int r = 0; r < block.rows(); r++) {
        if (isHeldOut(hashes[r], mlp)) continue;
        int most = 0;
        for (int k = 0; k < members; k++) {
          int c = !active[k] ? 0 : bootstrap ? poissonOne(RowHash.uniform(hashes[r], seeds[k])) : 1;
          counts[r * members + k] = c;
          most = Math.max(most, c);
        }
        for (int c = 0; c < most; c++) {
          if (n == copies.length) copies = Arrays.copyOf(copies, copies.length * 2);
          copies[n++] = ((long) r << 8) | c;
        }
      }
      SplittableRandom rnd = new SplittableRandom(mlp.seed() * 1_000_003L + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        long tmp = copies[i];
        copies[i] = copies[j];
        copies[j] = tmp;
      }
      int outputs = members * targets;
      for (int from = 0; from < n; from += mlp.batchSize()) {
        int rows = Math.min(n, from + mlp.batchSize()) - from;
        float[] x = new float[rows * block.d()];
        float[] y = new float[rows * outputs];
        float[] mask = new float[rows * outputs];
        for (int i = 0; i < rows; i++) {
          int r = (int) (copies[from + i] >>> 8);
          int copy = (int) (copies[from + i] & 0xFF);
          System.arraycopy(block.x(), r * block.d(), x, i * block.d(), block.d());
          for (int k = 0; k < members; k++) {
            float in = counts[r * members + k] > copy ? 1 : 0;
            for (int t = 0; t < targets; t++) {
              y[i * outputs + k * targets + t] = block.y()[r * targets + t];
              mask[i * outputs + k * targets + t] = in;
            }
          }
        }
        DataSet step = new DataSet(Nd4j.create(x, new long[] {rows, block.d()}, 'c'),
            Nd4j.create(y, new long[] {rows, outputs}, 'c'), null,
            Nd4j.create(mask, new long[] {rows, outputs}, 'c'));
        net.fit(step);
        for (int l = 1; l < blockMasks.length; l++) net.getLayer(l).getParam("W").muli(blockMasks[l]);
      }
    }

    void endEpoch(int epoch, Block val, MlpConfig mlp) {
      net.incrementEpochCount();
      double[] loss = val.rows() == 0 ? null : validationLoss(val);
      for (int k = 0; k < members; k++) {
        if (!active[k]) continue;
        epochs[k] = epoch + 1;
        if (loss == null || bestEpoch[k] < 0 || loss[k] < bestLoss[k]) {
          bestLoss[k] = loss == null ? Double.NaN : loss[k];
          bestEpoch[k] = epoch;
          best[k] = snapshot(k);
          sinceBest[k] = 0;
        } else if (++sinceBest[k] >= mlp.patience()) {
          active[k] = false;
        }
      }
    }

    /** Per member: mean squared error over its outputs on the validation rows. */
    private double[] validationLoss(Block val) {
      INDArray x = Nd4j.create(val.x(), new long[] {val.rows(), val.d()}, 'c');
      float[] out = net.output(x, false).dup('c').data().asFloat();
      double[] sq = new double[members];
      int outputs = members * targets;
      for (int r = 0; r < val.rows(); r++) {
        for (int k = 0; k < members; k++) {
          for (int t = 0; t < targets; t++) {
            double e = out[r * outputs + k * targets + t] - val.y()[r * targets + t];
            sq[k] += e * e;
          }
        }
      }
      for (int k = 0; k < members; k++) sq[k] /= (double) val.rows() * targets;
      return sq;
    }

    private INDArray[] snapshot(int k) {
      int layers = widths.length - 1;
      INDArray[] p = new INDArray[2 * layers];
      for (int l = 0; l < layers; l++) {
        p[2 * l] = block(l, k, "W").dup();
        p[2 * l + 1] = block(l, k, "b").dup();
      }
      return p;
    }

    /** Each member as a network of its own, with its best weights. */
    List<MultiLayerNetwork> bestMembers(int inputs, int targets, MlpConfig mlp) {
      List<MultiLayerNetwork> out = new ArrayList<>();
      for (int k = 0; k < members; k++) {
        MultiLayerNetwork one = network(inputs, targets, mlp, seeds[k]);
        INDArray[] p = best[k] != null ? best[k] : snapshot(k);
        for (int l = 0; l < widths.length - 1; l++) {
          one.getLayer(l).getParam("W").assign(p[2 * l]);
          one.getLayer(l).getParam("b").assign(p[2 * l + 1]);
        }
        out.add(one);
      }
      return out;
    }

    List<MemberReport> reports() {
      List<MemberReport> out = new ArrayList<>();
      for (int k = 0; k < members; k++) out.add(new MemberReport(k, seeds[k], epochs[k], bestEpoch[k], bestLoss[k]));
      return out;
    }
  }
}
