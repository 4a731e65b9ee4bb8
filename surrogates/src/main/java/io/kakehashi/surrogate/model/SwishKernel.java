package io.kakehashi.surrogate.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A dense layer's bias and SiLU (swish) activation, {@code z = v / (1 + exp(-v))} with
 * {@code v = z + b}, in one pass of SIMD lanes over ND4J's native buffer.
 *
 * <p>Why: ND4J's swish costs about 4 ns an element on these machines, as much as the layer's
 * matrix product. {@link #silu} computes exp inline (range reduction to 2^n e^r, a degree-6
 * polynomial in r, relative error about 1e-7): about three times cheaper than the JDK's vector
 * exp, which is an out-of-line call, and it is also the activation of {@link VectorMlp}. Loaded only when the JVM has the
 * {@code jdk.incubator.vector} module ({@link DenseStack} checks), so a JVM started without
 * {@code --add-modules jdk.incubator.vector} falls back to DL4J's own activation.
 */
final class SwishKernel {
  private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();
  private static final FloatVector ONE = FloatVector.broadcast(LANES, 1f);

  private SwishKernel() {}

  /** {@code z[r][j] = swish(z[r][j] + bias[j])} for a row-major {@code rows x bias.length} block at byte 0 of {@code z}. */
  static void biasSwish(ByteBuffer z, int rows, float[] bias) {
    int width = bias.length;
    int bound = LANES.loopBound(width);
    int step = LANES.length();
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      int j = 0;
      for (; j < bound; j += step) {
        int at = (row + j) * Float.BYTES;
        FloatVector v = FloatVector.fromByteBuffer(LANES, z, at, ORDER).add(FloatVector.fromArray(LANES, bias, j));
        silu(v).intoByteBuffer(z, at, ORDER);
      }
      for (; j < width; j++) {
        int at = (row + j) * Float.BYTES;
        z.putFloat(at, silu(z.getFloat(at) + bias[j]));
      }
    }
  }

  private static final float LOG2E = 1.44269504f;
  private static final float LN2_HI = 0.693145752f;
  private static final float LN2_LO = 1.42860677e-6f;
  /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
  private static final float ROUND = 12582912f;
  private static final int ROUND_BITS = 0x4B400000;

  /** {@code v / (1 + exp(-v))} lane by lane. */
  static FloatVector silu(FloatVector v) {
    return v.div(onePlusExpNeg(v));
  }

  /**
   * {@code z = silu(z)} for the {@code length} floats at byte 0 of {@code z}, in place: a hidden
   * layer's activation while training ({@link LaneSwish}).
   */
  static void silu(ByteBuffer z, int length) {
    int bound = LANES.loopBound(length);
    int i = 0;
    for (; i < bound; i += LANES.length()) {
      silu(FloatVector.fromByteBuffer(LANES, z, i * Float.BYTES, ORDER)).intoByteBuffer(z, i * Float.BYTES, ORDER);
    }
    for (; i < length; i++) z.putFloat(i * Float.BYTES, silu(z.getFloat(i * Float.BYTES)));
  }

  /** SiLU of one float, for the elements after the last whole vector. */
  private static float silu(float v) {
    return (float) (v / (1 + Math.exp(-v)));
  }

  /**
   * {@code z = epsilon * silu'(z)} in place, with {@code silu'(v) = s (1 + v (1 - s))} and
   * {@code s = 1 / (1 + exp(-v))}: the gradient through a hidden layer's activation.
   */
  static void siluBackprop(ByteBuffer z, ByteBuffer epsilon, int length) {
    int bound = LANES.loopBound(length);
    int i = 0;
    for (; i < bound; i += LANES.length()) {
      int at = i * Float.BYTES;
      FloatVector v = FloatVector.fromByteBuffer(LANES, z, at, ORDER);
      FloatVector s = ONE.div(onePlusExpNeg(v));
      FloatVector slope = s.mul(v.mul(s.neg().add(1f)).add(1f));
      slope.mul(FloatVector.fromByteBuffer(LANES, epsilon, at, ORDER)).intoByteBuffer(z, at, ORDER);
    }
    for (; i < length; i++) {
      int at = i * Float.BYTES;
      double v = z.getFloat(at);
      double s = 1 / (1 + Math.exp(-v));
      z.putFloat(at, (float) (s * (1 + v * (1 - s)) * epsilon.getFloat(at)));
    }
  }

  /** {@code 1 + exp(-v)} lane by lane. */
  private static FloatVector onePlusExpNeg(FloatVector v) {
    // exp(t) = 2^n e^r with n = round(t / ln 2), |r| <= ln2 / 2; t clamped so that 2^n stays a normal float.
    // Compare and blend, not max/min: those keep Java's NaN and -0.0 rules, several instructions each.
    FloatVector t = v.neg();
    FloatVector low = FloatVector.broadcast(v.species(), -87f);
    FloatVector high = FloatVector.broadcast(v.species(), 87f);
    t = t.blend(low, t.lt(low)).blend(high, t.compare(VectorOperators.GT, high));
    FloatVector k = t.fma(LOG2E, ROUND);
    FloatVector n = k.sub(ROUND);
    FloatVector r = n.fma(FloatVector.broadcast(v.species(), -LN2_HI), t);
    r = n.fma(FloatVector.broadcast(v.species(), -LN2_LO), r);
    FloatVector p = FloatVector.broadcast(v.species(), 1f / 720);
    p = p.fma(r, FloatVector.broadcast(v.species(), 1f / 120));
    p = p.fma(r, FloatVector.broadcast(v.species(), 1f / 24));
    p = p.fma(r, FloatVector.broadcast(v.species(), 1f / 6));
    p = p.fma(r, FloatVector.broadcast(v.species(), 0.5f));
    p = p.fma(r, FloatVector.broadcast(v.species(), 1f));
    p = p.fma(r, FloatVector.broadcast(v.species(), 1f));
    FloatVector twoToN = ((IntVector) k.reinterpretAsInts()).sub(ROUND_BITS - 127)
        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(twoToN).add(1f);
  }
}
