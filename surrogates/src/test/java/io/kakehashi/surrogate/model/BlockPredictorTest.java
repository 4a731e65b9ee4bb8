package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BlockPredictorTest {
  private static final List<String> XYZ = List.of("x0", "x1", "x2");

  /**
   * SiLU and identity members run in the vector kernel; tanh members take the GEMM path. A
   * linear baseline reads the raw block whichever path the members take: it adds to their mean.
   */
  @ParameterizedTest
  @CsvSource({"SWISH, false", "IDENTITY, false", "TANH, false", "SWISH, true", "TANH, true"})
  void blocksPredictWhatTheMemberNetworksPredict(Activation activation, boolean linearBaseline) {
    MlpConfig mlp = MlpConfig.builder().hiddenLayers(24, 8).activation(activation).maxEpochs(3)
        .validationFraction(0.2).seed(5).build();
    EnsembleConfig config = EnsembleConfig.of(mlp, 3);
    Ensemble model = EnsembleTrainer.train(SyntheticData.uniform(300, 3, -1, 1, 11, x -> 50 * x[0] + SyntheticData.smooth(x)),
        FeatureSchema.continuous(XYZ), List.of("y"), linearBaseline ? config.withLinearBaseline(1e-6) : config);
    int rows = 37;
    Table probe = SyntheticData.uniform(rows, 3, -2, 2, 12, SyntheticData::smooth);

    // 37 rows in a 40-row block: the last SIMD tile is partial and must not read past the block.
    BlockPredictor predictor = model.predictor(40);
    float[] block = new float[3 * 40];
    probe.copyColumnMajor(XYZ, 0, rows, block, 40);
    predictor.predict(block, rows);

    // Float arithmetic in another order than DL4J's: equal to a few float ulps of each value.
    double[][] expected = dl4j(model, probe);
    for (int r = 0; r < rows; r++) {
      assertEquals(expected[0][r], predictor.mean(r, 0), 1e-5 * Math.max(1, Math.abs(expected[0][r])), "mean of row " + r);
      assertEquals(expected[1][r], predictor.std(r, 0), 1e-5 * Math.max(1, expected[1][r]), "spread of row " + r);
    }
  }

  @Test
  void siluMembersRunInTheVectorKernelUnderTheBuildsJvmOptions() {
    MultiLayerNetwork swish = EnsembleTrainer.network(3, 1, MlpConfig.builder().hiddenLayers(8).build(), 1);
    MultiLayerNetwork tanh = EnsembleTrainer.network(3, 1,
        MlpConfig.builder().hiddenLayers(8).activation(Activation.TANH).build(), 1);
    Ensemble model = SyntheticData.quickEnsemble();

    assertNotNull(VectorMlp.of(DenseStack.of(swish), model.inputScaler()));
    assertNull(VectorMlp.of(DenseStack.of(tanh), model.inputScaler()), "tanh is left to ND4J");
  }

  @Test
  void blocksLargerThanThePredictorAreRefused() {
    BlockPredictor predictor = SyntheticData.quickEnsemble().predictor(16);
    assertThrows(IllegalArgumentException.class, () -> predictor.predict(new float[3 * 32], 17));
    assertThrows(IllegalArgumentException.class, () -> predictor.predict(new float[3 * 15], 4));
  }

  /**
   * Mean and calibrated spread per row, from DL4J's own output of each member on the standardized
   * rows, plus the linear baseline on the raw rows when the model has one.
   */
  private static double[][] dl4j(Ensemble model, Table probe) {
    int rows = probe.rowCount();
    float[] x = new float[rows * 3];
    probe.copyRowMajor(XYZ, 0, rows, x);
    double[] linear = new double[rows];
    model.linearBaseline().ifPresent(b -> {
      for (int r = 0; r < rows; r++) {
        linear[r] = b.intercept()[0];
        for (int k = 0; k < 3; k++) linear[r] += b.coefficients()[0][k] * x[r * 3 + k];
      }
    });
    model.inputScaler().apply(x, rows);
    INDArray input = Nd4j.create(x, new long[] {rows, 3}, 'c');
    int m = model.members().size();
    double[][] out = new double[2][rows];
    double[] sum = new double[rows];
    double[] sumSq = new double[rows];
    for (MultiLayerNetwork net : model.members()) {
      double[] y = net.output(input, false).toDoubleVector();
      for (int r = 0; r < rows; r++) {
        sum[r] += y[r];
        sumSq[r] += y[r] * y[r];
      }
    }
    double factor = model.training().spreadFactor("y");
    for (int r = 0; r < rows; r++) {
      double mu = sum[r] / m;
      out[0][r] = linear[r] + model.targetScaler().invert(0, mu);
      out[1][r] = model.targetScaler().invertScale(0, Math.sqrt(Math.max(0, sumSq[r] / m - mu * mu))) * factor;
    }
    return out;
  }
}
