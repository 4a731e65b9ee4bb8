package io.kakehashi.surrogate.model;

import java.nio.ByteBuffer;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The inference path of one trained member: its dense layers' weights, biases and activations,
 * read once from the DL4J network and applied with plain GEMM calls into buffers the caller
 * reuses.
 *
 * <p>Why not {@code MultiLayerNetwork.output}: at screening batch sizes DL4J allocates every
 * layer's activations anew and copies each product between memory orders, which on this
 * project's 2-core machines cost more than the matrix products themselves (JFR: allocation and
 * {@code assign} took about 60% of the time). The arithmetic here is the same as DL4J's
 * (the activation is DL4J's own function object); {@code DenseStackTest} holds the two equal.
 */
final class DenseStack {
  /** Whether {@link SwishKernel} and {@link VectorMlp} can load: the JVM was started with the vector module. */
  static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private final INDArray[] weights;
  private final INDArray[] biases;
  private final IActivation[] activations;
  /** The bias of each SiLU layer as a Java array, for {@link SwishKernel}; null for other layers. */
  private final float[][] swishBiases;
  private final int maxWidth;

  private DenseStack(INDArray[] weights, INDArray[] biases, IActivation[] activations) {
    this.weights = weights;
    this.biases = biases;
    this.activations = activations;
    this.swishBiases = new float[weights.length][];
    for (int l = 0; l < weights.length; l++) {
      if (VECTOR_API && activations[l] instanceof ActivationSwish) swishBiases[l] = biases[l].toFloatVector();
    }
    int widest = 0;
    for (INDArray w : weights) widest = (int) Math.max(widest, w.columns());
    this.maxWidth = widest;
  }

  /**
   * Reads {@code net}'s parameters (copies, so later training of {@code net} does not leak in).
   *
   * @throws IllegalArgumentException if a layer is not a dense or output layer, the only kinds
   *     {@link EnsembleTrainer} builds
   */
  static DenseStack of(MultiLayerNetwork net) {
    int n = net.getnLayers();
    INDArray[] w = new INDArray[n];
    INDArray[] b = new INDArray[n];
    IActivation[] a = new IActivation[n];
    for (int i = 0; i < n; i++) {
      Layer layer = net.getLayer(i);
      var conf = layer.conf().getLayer();
      if (!(conf instanceof DenseLayer || conf instanceof OutputLayer)) {
        throw new IllegalArgumentException("layer " + i + " is a " + conf.getClass().getSimpleName()
            + "; only dense layers can be predicted outside DL4J");
      }
      w[i] = layer.getParam("W").castTo(DataType.FLOAT).dup('c');
      b[i] = layer.getParam("b").castTo(DataType.FLOAT).dup('c');
      a[i] = ((BaseLayer) conf).getActivationFn();
    }
    return new DenseStack(w, b, a);
  }

  static List<DenseStack> of(List<MultiLayerNetwork> nets) {
    return nets.stream().map(DenseStack::of).toList();
  }

  int layers() {
    return weights.length;
  }

  /** Layer {@code l}'s weights, row-major inputs x outputs. */
  float[] weights(int l) {
    return weights[l].dup('c').data().asFloat();
  }

  int inputs(int l) {
    return (int) weights[l].rows();
  }

  int outputs(int l) {
    return (int) weights[l].columns();
  }

  float[] bias(int l) {
    return biases[l].dup('c').data().asFloat();
  }

  IActivation activation(int l) {
    return activations[l];
  }

  /** Floats one buffer of {@link #output} needs per row. */
  int bufferWidth() {
    return maxWidth;
  }

  /**
   * The network's output for {@code input} (rows x inputs, 'c' order), computed in the two
   * buffers (each at least rows x {@link #bufferWidth()} floats, contiguous); the result is a view
   * of one of them, valid until the buffers are used again.
   */
  INDArray output(INDArray input, INDArray bufferA, INDArray bufferB) {
    long rows = input.rows();
    INDArray h = input;
    for (int l = 0; l < weights.length; l++) {
      INDArray buffer = (l % 2 == 0) ? bufferA : bufferB;
      long width = weights[l].columns();
      INDArray z = buffer.get(NDArrayIndex.interval(0, rows * width)).reshape('c', rows, width);
      Nd4j.gemm(h, weights[l], z, false, false, 1.0, 0.0);
      ByteBuffer block = swishBiases[l] != null && z.offset() == 0 ? z.data().asNio() : null;
      if (block != null && block.isDirect()) {
        SwishKernel.biasSwish(block, (int) rows, swishBiases[l]);
        h = z;
      } else {
        z.addiRowVector(biases[l]);
        h = activations[l].getActivation(z, false);
      }
    }
    return h;
  }
}
