package io.kakehashi.surrogate.model;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Predicts blocks of rows with an {@link Ensemble}, reusing its buffers from block to block: the
 * screening loop's path, and what {@link Ensemble#predict} runs on. A block is column-major floats
 * in original units: feature c (in the schema's order) of row r at {@code block[c * maxRows + r]}.
 * Small members run in {@link VectorMlp} when the JVM has the vector module; others run as GEMM
 * chains through ND4J ({@link DenseStack}). The ensemble's {@link LinearBaseline}, if any, is
 * added to the members' mean whichever path they took: it reads the raw features, so it costs one
 * dot product per row and target.
 *
 * <p>Not thread-safe: one per thread. Results of a block stay readable until the next block.
 */
public final class BlockPredictor {
  private final Ensemble ensemble;
  private final LinearBaseline baseline;
  private final int maxRows;
  private final int features;
  private final int targets;
  private final List<DenseStack> stacks;
  /** Per member, its vector kernel (shared with the ensemble's other predictors), or null where it takes the GEMM path. */
  private final VectorMlp[] kernels;
  /** The kernels' hidden activations for one tile, this predictor's own. */
  private final float[] scratchA;
  private final float[] scratchB;
  /** Rows per target in {@link #outputs}: maxRows rounded up to whole SIMD tiles. */
  private final int stride;
  /** Member outputs of the current block: member-major, then target, then row (standardized units). */
  private final float[] outputs;
  /** The last, partial tile of a block, zero-padded, when it would read past the caller's block. */
  private final float[] tile;
  private final double[] mean;
  private final double[] std;
  private float[] standardized;
  private INDArray bufferA;
  private INDArray bufferB;
  private int rows;

  BlockPredictor(Ensemble ensemble, List<DenseStack> stacks, VectorMlp[] kernels, int maxRows) {
    if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
    this.ensemble = ensemble;
    this.baseline = ensemble.linearBaseline().orElse(null);
    this.stacks = stacks;
    this.maxRows = maxRows;
    this.features = ensemble.schema().size();
    this.targets = ensemble.targets().size();
    this.kernels = kernels;
    int scratch = 0;
    for (VectorMlp k : kernels) scratch = k == null ? scratch : Math.max(scratch, k.scratchFloats());
    this.scratchA = new float[scratch];
    this.scratchB = new float[scratch];
    int lanes = DenseStack.VECTOR_API ? VectorMlp.LANES.length() : 1;
    this.stride = (maxRows + lanes - 1) / lanes * lanes;
    this.outputs = new float[stacks.size() * targets * stride];
    this.tile = new float[features * lanes];
    this.mean = new double[maxRows * targets];
    this.std = new double[maxRows * targets];
  }

  public int maxRows() {
    return maxRows;
  }

  /** Rows of the last block. */
  public int rows() {
    return rows;
  }

  /**
   * Predicts the first {@code rows} rows of {@code block} (column-major, {@code features x maxRows}
   * values, not modified).
   *
   * @throws IllegalArgumentException if there are more rows than {@link #maxRows} or the block is too short
   */
  public void predict(float[] block, int rows) {
    if (rows < 0 || rows > maxRows) throw new IllegalArgumentException(rows + " rows, this predictor takes up to " + maxRows);
    if (block.length < features * maxRows) {
      throw new IllegalArgumentException("a block of " + features + " features x " + maxRows + " rows needs "
          + features * maxRows + " values, got " + block.length);
    }
    this.rows = rows;
    INDArray standardizedInput = null;
    for (int m = 0; m < kernels.length; m++) {
      int base = m * targets * stride;
      VectorMlp kernel = kernels[m];
      if (kernel == null) {
        if (standardizedInput == null) standardizedInput = standardize(block, rows);
        gemm(stacks.get(m), standardizedInput, rows, base);
        continue;
      }
      int lanes = VectorMlp.LANES.length();
      for (int r = 0; r < rows; r += lanes) {
        if (r + lanes <= maxRows) {
          kernel.forward(block, maxRows, r, outputs, base + r, stride, scratchA, scratchB);
        } else {
          for (int c = 0; c < features; c++) {
            for (int i = 0; i < lanes; i++) tile[c * lanes + i] = r + i < rows ? block[c * maxRows + r + i] : 0f;
          }
          kernel.forward(tile, lanes, 0, outputs, base + r, stride, scratchA, scratchB);
        }
      }
    }
    int members = kernels.length;
    double[] factor = ensemble.spreadFactors();
    for (int t = 0; t < targets; t++) {
      for (int r = 0; r < rows; r++) {
        double sum = 0;
        double sumSq = 0;
        for (int m = 0, i = t * stride + r; m < members; m++, i += targets * stride) {
          double v = outputs[i];
          sum += v;
          sumSq += v * v;
        }
        double mu = sum / members;
        double var = Math.max(0, sumSq / members - mu * mu);
        double memberMean = ensemble.targetScaler().invert(t, mu);
        mean[r * targets + t] = baseline == null ? memberMean : baseline.predict(t, block, r, maxRows) + memberMean;
        std[r * targets + t] = ensemble.targetScaler().invertScale(t, Math.sqrt(var)) * factor[t];
      }
    }
  }

  /**
   * The prediction of target {@code target} (original units) for row {@code row} of the last
   * block: the members' mean, plus the linear baseline when the ensemble has one.
   */
  public double mean(int row, int target) {
    return mean[row * targets + target];
  }

  /** Members' spread (standard deviation, calibrated, original units) of that prediction. */
  public double std(int row, int target) {
    return std[row * targets + target];
  }

  /** The block's rows standardized, row-major, as the input of the GEMM path (once per block). */
  private INDArray standardize(float[] block, int rows) {
    if (standardized == null) {
      standardized = new float[maxRows * features];
      long floats = (long) maxRows * stacks.stream().mapToInt(DenseStack::bufferWidth).max().orElseThrow();
      bufferA = Nd4j.createUninitialized(DataType.FLOAT, floats);
      bufferB = Nd4j.createUninitialized(DataType.FLOAT, floats);
    }
    for (int c = 0; c < features; c++) {
      for (int r = 0; r < rows; r++) standardized[r * features + c] = block[c * maxRows + r];
    }
    ensemble.inputScaler().apply(standardized, rows);
    float[] exact = rows == maxRows ? standardized : Arrays.copyOf(standardized, rows * features);
    return Nd4j.create(exact, new long[] {rows, features}, 'c');
  }

  /** One member through ND4J (a GEMM chain), its outputs into {@link #outputs}. */
  private void gemm(DenseStack stack, INDArray input, int rows, int base) {
    float[] out = stack.output(input, bufferA, bufferB).dup('c').data().asFloat();
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < targets; t++) outputs[base + t * stride + r] = out[r * targets + t];
    }
  }
}
