package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

class HuberLossTest {
  private static final ActivationIdentity LINEAR = new ActivationIdentity();

  @Test
  void withinDeltaItIsDl4jsMse() {
    INDArray labels = Nd4j.createFromArray(new float[][] {{0.1f, -0.2f}, {0.3f, 0f}});
    INDArray out = Nd4j.createFromArray(new float[][] {{0.3f, -0.1f}, {0.1f, 0.4f}});
    HuberLoss huber = new HuberLoss(0.5);
    LossMSE mse = new LossMSE();
    assertEquals(mse.computeScore(labels, out, LINEAR, null, true), huber.computeScore(labels, out, LINEAR, null, true), 1e-6);
    assertEquals(mse.computeGradient(labels, out, LINEAR, null), huber.computeGradient(labels, out, LINEAR, null));
  }

  @Test
  void beyondDeltaTheLossIsLinearAndItsPullStopsGrowing() {
    INDArray labels = Nd4j.createFromArray(new float[][] {{0f}, {0f}});
    INDArray out = Nd4j.createFromArray(new float[][] {{3f}, {-10f}});
    HuberLoss huber = new HuberLoss(0.5);
    // 2 delta |e| - delta^2: 2.75 and 9.75.
    assertEquals(2.75, huber.computeScoreArray(labels, out, LINEAR, null).getDouble(0), 1e-6);
    assertEquals(9.75, huber.computeScoreArray(labels, out, LINEAR, null).getDouble(1), 1e-6);
    INDArray grad = huber.computeGradient(labels, out, LINEAR, null);
    assertEquals(1.0, grad.getDouble(0, 0), 1e-6);
    assertEquals(-1.0, grad.getDouble(1, 0), 1e-6);
  }

  @Test
  void gradientIsTheScoresDerivative() {
    HuberLoss huber = new HuberLoss(0.3);
    INDArray labels = Nd4j.createFromArray(new double[][] {{0.2, -0.4, 1.0}});
    double[] outs = {0.25, 0.9, -0.05};
    INDArray out = Nd4j.createFromArray(new double[][] {outs});
    INDArray grad = huber.computeGradient(labels, out, LINEAR, null);
    for (int j = 0; j < outs.length; j++) {
      double h = 1e-6;
      double[] up = outs.clone();
      double[] down = outs.clone();
      up[j] += h;
      down[j] -= h;
      double numeric = (huber.computeScore(labels, Nd4j.createFromArray(new double[][] {up}), LINEAR, null, false)
          - huber.computeScore(labels, Nd4j.createFromArray(new double[][] {down}), LINEAR, null, false)) / (2 * h);
      assertEquals(numeric, grad.getDouble(0, j), 1e-6, "output " + j);
    }
  }

  @Test
  void maskedOutputsCountForNothing() {
    INDArray labels = Nd4j.createFromArray(new float[][] {{0f, 0f}});
    INDArray out = Nd4j.createFromArray(new float[][] {{0.2f, 5f}});
    INDArray mask = Nd4j.createFromArray(new float[][] {{1f, 0f}});
    HuberLoss huber = new HuberLoss(0.5);
    assertEquals(0.02, huber.computeScore(labels, out, LINEAR, mask, false), 1e-6);
    assertEquals(0.0, huber.computeGradient(labels, out, LINEAR, mask).getDouble(0, 1));
  }

  @Test
  void aSavedMemberLoadsWithItsLoss() throws Exception {
    MlpConfig mlp = MlpConfig.builder().hiddenLayers(4).huberDelta(0.25).build();
    MultiLayerNetwork net = EnsembleTrainer.network(3, 1, mlp, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, bytes, false);
    MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
    OutputLayer layer = (OutputLayer) back.getLayerWiseConfigurations().getConf(1).getLayer();
    assertEquals(0.25, assertInstanceOf(HuberLoss.class, layer.getLossFn()).delta());
  }

  @Test
  void deltaMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0));
    assertThrows(IllegalArgumentException.class, () -> MlpConfig.builder().huberDelta(-1).build());
  }
}
