package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseStackTest {
  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"SWISH", "RELU", "TANH", "SIGMOID", "IDENTITY"})
  void predictsWhatDl4jPredicts(Activation activation) {
    MlpConfig mlp = MlpConfig.builder().hiddenLayers(32, 16).activation(activation).dropout(0.2).build();
    MultiLayerNetwork net = EnsembleTrainer.network(5, 2, mlp, 11);
    DenseStack stack = DenseStack.of(net);
    int rows = 300;
    INDArray x = Nd4j.create(randomRows(rows, 5), new long[] {rows, 5}, 'c');
    INDArray a = Nd4j.createUninitialized(DataType.FLOAT, (long) rows * stack.bufferWidth());
    INDArray b = Nd4j.createUninitialized(DataType.FLOAT, (long) rows * stack.bufferWidth());

    float[] expected = net.output(x, false).dup('c').data().asFloat();
    float[] actual = stack.output(x, a, b).dup('c').data().asFloat();

    // Same arithmetic; only GEMM's summation order may differ.
    assertArrayEquals(expected, actual, 1e-5f);
  }

  @Test
  void siluRunsInTheVectorKernelUnderTheBuildsJvmOptions() {
    // The pom's argLine adds jdk.incubator.vector, so predictsWhatDl4jPredicts(SWISH) checked SwishKernel.
    assertTrue(DenseStack.VECTOR_API);
  }

  @Test
  void buffersLargerThanTheBatchAreFine() {
    MultiLayerNetwork net = EnsembleTrainer.network(3, 1, MlpConfig.builder().hiddenLayers(8).build(), 3);
    DenseStack stack = DenseStack.of(net);
    INDArray big = Nd4j.createUninitialized(DataType.FLOAT, 1000L * stack.bufferWidth());
    INDArray big2 = Nd4j.createUninitialized(DataType.FLOAT, 1000L * stack.bufferWidth());
    INDArray one = Nd4j.create(new float[] {0.1f, -0.4f, 2f}, new long[] {1, 3}, 'c');

    assertEquals(net.output(one, false).getFloat(0), stack.output(one, big, big2).getFloat(0), 1e-6f);
  }

  @Test
  void copiesTheWeightsSoLaterTrainingDoesNotChangeIt() {
    MultiLayerNetwork net = EnsembleTrainer.network(3, 1, MlpConfig.builder().hiddenLayers(8).build(), 3);
    DenseStack stack = DenseStack.of(net);
    INDArray one = Nd4j.create(new float[] {0.1f, -0.4f, 2f}, new long[] {1, 3}, 'c');
    INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 8);
    INDArray b = Nd4j.createUninitialized(DataType.FLOAT, 8);
    float before = stack.output(one, a, b).getFloat(0);

    net.params().addi(1.0);

    assertEquals(before, stack.output(one, a, b).getFloat(0));
  }

  private static float[] randomRows(int rows, int cols) {
    SplittableRandom rnd = new SplittableRandom(5);
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextDouble() * 4 - 2);
    return v;
  }
}
