package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleTest {
  @Test
  void tablesLargerThanOneChunkArePredictedRowForRowLikeSmallOnes() {
    Ensemble model = SyntheticData.quickEnsemble();
    int n = Ensemble.CHUNK_ROWS + 1234;
    Table big = SyntheticData.uniform(n, 3, -1, 1, 77, x -> 0);

    Prediction all = model.predict(big);

    assertEquals(n, all.rowCount());
    for (int r : new int[] {0, Ensemble.CHUNK_ROWS - 1, Ensemble.CHUNK_ROWS, n - 1}) {
      Prediction one = model.predict(List.of("x0", "x1", "x2"), toFloats(big.row(r, List.of("x0", "x1", "x2"))), 1);
      assertEquals(one.mean(0, 0), all.mean(r, 0), 1e-6, "row " + r);
      assertEquals(one.std(0, 0), all.std(r, 0), 1e-6, "row " + r);
    }
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }
}
