package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** SiLU in SIMD lanes against DL4J's own swish, forward and backward, and in training. */
class LaneSwishTest {
  private static final IActivation DL4J = Activation.SWISH.getActivationFunction();

  /** 37 x 19: a length that is no multiple of any lane count, so the scalar tail runs too. */
  private static INDArray values(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] v = new float[37 * 19];
    for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextDouble(-12, 12);
    v[0] = 0;
    return Nd4j.create(v, new long[] {37, 19}, 'c');
  }

  private static void assertClose(INDArray expected, INDArray actual) {
    float[] e = expected.dup('c').data().asFloat();
    float[] a = actual.dup('c').data().asFloat();
    assertEquals(e.length, a.length);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 2e-6 * Math.max(1, Math.abs(e[i])), "element " + i);
    }
  }

  @Test
  void activationAndGradientAreDl4jsSwish() {
    INDArray z = values(1);
    INDArray epsilon = values(2);
    assertClose(DL4J.getActivation(z.dup(), true), new LaneSwish().getActivation(z.dup(), true));
    assertClose(DL4J.backprop(z.dup(), epsilon).getFirst(), new LaneSwish().backprop(z.dup(), epsilon).getFirst());
  }

  @Test
  void largeInputsGiveTheLimitsNotInfinityOrNaN() {
    INDArray z = Nd4j.create(new float[] {-100, 100, -1000, 1000}, new long[] {1, 4}, 'c');
    INDArray silu = new LaneSwish().getActivation(z.dup(), true);
    INDArray slope = new LaneSwish().backprop(z.dup(), Nd4j.ones(DataType.FLOAT, 1, 4)).getFirst();
    double[] limits = {0, 100, 0, 1000};
    for (int i = 0; i < 4; i++) {
      assertEquals(limits[i], silu.getDouble(0, i), 1e-30, "silu at " + z.getDouble(0, i));
      assertEquals(limits[i] == 0 ? 0 : 1, slope.getDouble(0, i), 1e-30, "slope at " + z.getDouble(0, i));
    }
  }

  @Test
  void viewsAndFortranOrderGiveTheSameValues() {
    INDArray z = values(3);
    INDArray column = z.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 9));
    assertTrue(column.isView());
    INDArray expected = DL4J.getActivation(column.dup(), true);
    assertClose(expected, new LaneSwish().getActivation(column, true));
    assertClose(DL4J.getActivation(z.dup('f'), true), new LaneSwish().getActivation(z.dup('f'), true));
    INDArray epsilon = values(4);
    assertClose(DL4J.backprop(z.dup(), epsilon).getFirst(), new LaneSwish().backprop(z.dup(), epsilon.dup('f')).getFirst());
  }

  @Test
  void theTrainingNetworkLearnsWhatDl4jsNetworkLearns() {
    MlpConfig mlp = MlpConfig.builder().hiddenLayers(16, 16).build();
    MultiLayerNetwork dl4j = EnsembleTrainer.network(6, 2, mlp, 5);
    MultiLayerNetwork lanes = EnsembleTrainer.trainingNetwork(6, 2, mlp, 5);
    assertEquals(dl4j.params(), lanes.params(), "same seed, same initial weights");
    SplittableRandom rnd = new SplittableRandom(9);
    float[] x = new float[64 * 6];
    float[] y = new float[64 * 2];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble(-2, 2);
    for (int r = 0; r < 64; r++) {
      y[2 * r] = x[6 * r] * x[6 * r + 1];
      y[2 * r + 1] = (float) Math.sin(x[6 * r + 2]);
    }
    DataSet d = new DataSet(Nd4j.create(x, new long[] {64, 6}, 'c'), Nd4j.create(y, new long[] {64, 2}, 'c'));
    for (int step = 0; step < 50; step++) {
      dl4j.fit(d);
      lanes.fit(d);
    }
    double drift = dl4j.params().sub(lanes.params()).amaxNumber().doubleValue();
    assertTrue(drift < 1e-4, "weights after 50 Adam steps differ by " + drift);
    assertEquals(dl4j.score(), lanes.score(), 1e-5 * dl4j.score());
    assertEquals(DataType.FLOAT, lanes.params().dataType());
  }
}
