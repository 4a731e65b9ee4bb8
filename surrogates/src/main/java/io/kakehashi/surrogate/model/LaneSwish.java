package io.kakehashi.surrogate.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SiLU (swish) for the networks {@link EnsembleTrainer} fits, computed in SIMD lanes by
 * {@link SwishKernel} on ND4J's buffers: the same function as DL4J's {@code ActivationSwish}
 * (values within 2e-6; weights after 50 Adam steps within 1e-4, {@code LaneSwishTest}) and the
 * same one {@link VectorMlp} predicts with.
 *
 * <p>Why: in a training step of the campaign's shape, ND4J's swish derivative and the multiply
 * after it took 13% of the step (bench/README.md, "2026-12-06 (training, re-measured)"). Arrays it
 * cannot address as one run of floats (views, other types) go to DL4J's own swish. Used only while
 * training: the members that are saved are built with DL4J's activation, so model files name
 * nothing of ours.
 */
final class LaneSwish extends BaseActivationFunction {
  private static final IActivation FALLBACK = Activation.SWISH.getActivationFunction();

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    ByteBuffer z = floats(in);
    if (z == null) return FALLBACK.getActivation(in, training);
    SwishKernel.silu(z, (int) in.length());
    return in;
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    ByteBuffer z = floats(in);
    ByteBuffer e = floats(epsilon);
    if (z == null || e == null || in.ordering() != epsilon.ordering()) return FALLBACK.backprop(in, epsilon);
    SwishKernel.siluBackprop(z, e, (int) in.length());
    return new Pair<>(in, null);
  }

  /** The array's floats as native-order bytes from its first element, or null if they are not one dense run. */
  private static ByteBuffer floats(INDArray a) {
    if (a.dataType() != DataType.FLOAT || a.isView() || a.elementWiseStride() != 1 || a.length() > Integer.MAX_VALUE / Float.BYTES) {
      return null;
    }
    return a.data().asNio().order(ByteOrder.nativeOrder());
  }

  @Override
  public String toString() {
    return "swish (SIMD lanes)";
  }
}
