package io.kakehashi.surrogate.model;

import io.kakehashi.surrogate.feature.Standardizer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSwish;

/**
 * One small member network evaluated for {@code LANES} rows at a time, one row per SIMD lane,
 * with the input standardizer folded into the first layer's weights and biases.
 *
 * <p>Why: the campaign's surrogates are a few dozen units wide. At that size a GEMM library call
 * per layer is mostly call, packing and activation overhead (about 70 ns a row per 16-unit
 * member through ND4J), while the whole member is a few hundred fused multiply-adds that stay in
 * the L1 cache here. Rows sit in lanes (not units) so that every unit of every layer is an
 * independent chain of full-width multiply-adds with scalar weights: no padding of narrow layers,
 * no horizontal sums, and enough independent chains to hide the FMA latency. Loaded only when
 * the JVM has {@code jdk.incubator.vector} ({@link DenseStack#VECTOR_API}); {@link #of} declines
 * layers it does not implement, and those members take the GEMM path.
 */
final class VectorMlp {
  static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
  /**
   * Wider layers take the GEMM path: at 256 units a single caller's ND4J GEMM (which uses every
   * core) beat this kernel on one thread (169k against about 145k predictions/s for five members).
   */
  static final int MAX_WIDTH = 128;

  private final int inputs;
  /** Per layer (the last is the output layer): widths, weights [in][out] row-major, biases, SiLU or identity. */
  private final int[] width;
  private final float[][] weights;
  private final float[][] biases;
  private final boolean[] swish;
  /** Activations of one tile: [unit][lane], two buffers used in turn. */
  /** Floats each of the two activation buffers of {@link #forward} needs. */
  private final int scratch;

  private VectorMlp(int inputs, int[] width, float[][] weights, float[][] biases, boolean[] swish) {
    this.inputs = inputs;
    this.width = width;
    this.weights = weights;
    this.biases = biases;
    this.swish = swish;
    int widest = 0;
    for (int w : width) widest = Math.max(widest, w);
    this.scratch = widest * LANES.length();
  }

  /**
   * The member as a kernel that reads unstandardized features, or null if a layer is wider than
   * {@link #MAX_WIDTH}, a hidden layer's activation is neither SiLU nor identity or the output
   * layer's is not identity.
   */
  static VectorMlp of(DenseStack stack, Standardizer inputScaler) {
    int layers = stack.layers();
    for (int l = 0; l < layers; l++) {
      if (stack.outputs(l) > MAX_WIDTH) return null;
    }
    int[] width = new int[layers];
    float[][] w = new float[layers][];
    float[][] bias = new float[layers][];
    boolean[] swish = new boolean[layers];
    for (int l = 0; l < layers; l++) {
      IActivation act = stack.activation(l);
      boolean last = l == layers - 1;
      if (!(act instanceof ActivationIdentity || (!last && act instanceof ActivationSwish))) return null;
      swish[l] = act instanceof ActivationSwish;
      int in = stack.inputs(l);
      int out = stack.outputs(l);
      float[] src = stack.weights(l);
      float[] src0 = stack.bias(l);
      double[] bl = new double[out];
      for (int j = 0; j < out; j++) bl[j] = src0[j];
      w[l] = new float[in * out];
      for (int k = 0; k < in; k++) {
        // Folding z = (x - mean) / scale into layer 0: W'[k] = W[k] / scale, b' = b - sum_k mean W'[k].
        double scale = l == 0 ? inputScaler.scale()[k] : 1;
        double mean = l == 0 ? inputScaler.mean()[k] : 0;
        for (int j = 0; j < out; j++) {
          double v = src[k * out + j] / scale;
          w[l][k * out + j] = (float) v;
          bl[j] -= mean * v;
        }
      }
      bias[l] = new float[out];
      for (int j = 0; j < out; j++) bias[l][j] = (float) bl[j];
      width[l] = out;
    }
    return new VectorMlp(stack.inputs(0), width, w, bias, swish);
  }

  /**
   * Evaluates rows {@code first .. first + LANES - 1} of the column-major block {@code x} (feature
   * c of row r at {@code x[c * stride + r]}, unstandardized) and writes output t of row r to
   * {@code out[at + t * outStride + (r - first)]}. {@code a} and {@code b} hold the hidden
   * activations (at least {@link #scratchFloats()} each): the kernel itself is immutable and
   * shared by every predictor of its ensemble.
   */
  void forward(float[] x, int stride, int first, float[] out, int at, int outStride, float[] a, float[] b) {
    int lanes = LANES.length();
    float[] src = x;
    int srcStride = stride;
    int srcAt = first;
    int in = inputs;
    int layers = width.length;
    for (int l = 0; l < layers; l++) {
      boolean last = l == layers - 1;
      float[] dst = last ? out : (l & 1) == 0 ? a : b;
      int dstStride = last ? outStride : lanes;
      int dstAt = last ? at : 0;
      float[] w = weights[l];
      int n = width[l];
      boolean silu = swish[l];
      float[] bias = biases[l];
      int j = 0;
      // Eight units at a time: one load of each input feeds eight independent multiply-add chains,
      // enough to cover the FMA latency on both of a core's FMA pipes (four left them half idle).
      for (; j + 8 <= n; j += 8) {
        FloatVector a0 = FloatVector.broadcast(LANES, bias[j]);
        FloatVector a1 = FloatVector.broadcast(LANES, bias[j + 1]);
        FloatVector a2 = FloatVector.broadcast(LANES, bias[j + 2]);
        FloatVector a3 = FloatVector.broadcast(LANES, bias[j + 3]);
        FloatVector a4 = FloatVector.broadcast(LANES, bias[j + 4]);
        FloatVector a5 = FloatVector.broadcast(LANES, bias[j + 5]);
        FloatVector a6 = FloatVector.broadcast(LANES, bias[j + 6]);
        FloatVector a7 = FloatVector.broadcast(LANES, bias[j + 7]);
        for (int k = 0, wk = j; k < in; k++, wk += n) {
          FloatVector xk = FloatVector.fromArray(LANES, src, srcAt + k * srcStride);
          a0 = xk.fma(FloatVector.broadcast(LANES, w[wk]), a0);
          a1 = xk.fma(FloatVector.broadcast(LANES, w[wk + 1]), a1);
          a2 = xk.fma(FloatVector.broadcast(LANES, w[wk + 2]), a2);
          a3 = xk.fma(FloatVector.broadcast(LANES, w[wk + 3]), a3);
          a4 = xk.fma(FloatVector.broadcast(LANES, w[wk + 4]), a4);
          a5 = xk.fma(FloatVector.broadcast(LANES, w[wk + 5]), a5);
          a6 = xk.fma(FloatVector.broadcast(LANES, w[wk + 6]), a6);
          a7 = xk.fma(FloatVector.broadcast(LANES, w[wk + 7]), a7);
        }
        a0.intoArray(dst, dstAt + j * dstStride);
        a1.intoArray(dst, dstAt + (j + 1) * dstStride);
        a2.intoArray(dst, dstAt + (j + 2) * dstStride);
        a3.intoArray(dst, dstAt + (j + 3) * dstStride);
        a4.intoArray(dst, dstAt + (j + 4) * dstStride);
        a5.intoArray(dst, dstAt + (j + 5) * dstStride);
        a6.intoArray(dst, dstAt + (j + 6) * dstStride);
        a7.intoArray(dst, dstAt + (j + 7) * dstStride);
      }
      for (; j < n; j++) {
        FloatVector acc = FloatVector.broadcast(LANES, bias[j]);
        for (int k = 0; k < in; k++) {
          acc = FloatVector.fromArray(LANES, src, srcAt + k * srcStride).fma(FloatVector.broadcast(LANES, w[k * n + j]), acc);
        }
        acc.intoArray(dst, dstAt + j * dstStride);
      }
      // A pass of its own: inlined into the loop above, SiLU made the method too large for C2
      // to keep the vectors in registers (they were boxed).
      if (silu) silu(dst, n * LANES.length());
      src = dst;
      srcStride = lanes;
      srcAt = 0;
      in = n;
    }
  }

  int scratchFloats() {
    return scratch;
  }

  private static void silu(float[] units, int length) {
    for (int i = 0; i < length; i += LANES.length()) {
      SwishKernel.silu(FloatVector.fromArray(LANES, units, i)).intoArray(units, i);
    }
  }
}
