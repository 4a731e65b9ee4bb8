package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.BatchSource;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Training from a source that streams batches in its own order, as a Parquet or Spark reader does. */
class StreamingTrainingTest {
  /** Serves stored "partitions" in a fixed order, one at a time, ignoring the shuffle seed. */
  static final class Partitions implements BatchSource {
    final List<Table> parts;
    final AtomicInteger passes = new AtomicInteger();

    Partitions(List<Table> parts) {
      this.parts = parts;
    }

    @Override
    public List<String> columnNames() {
      return parts.get(0).columnNames();
    }

    @Override
    public Iterator<Table> batches(int batchSize, long seed) {
      passes.incrementAndGet();
      Iterator<Table> it = parts.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Table next() {
          if (!hasNext()) throw new NoSuchElementException();
          return it.next();
        }
      };
    }
  }

  @Test
  void aStreamedSourceTrainsLikeTheSameRowsInMemory() {
    Table rows = SyntheticData.uniform(600, 3, -1, 1, 40, SyntheticData::smooth);
    // The same rows, delivered in another order and in three pieces.
    Partitions source = new Partitions(List.of(rows.slice(400, 600), rows.slice(0, 150), rows.slice(150, 400)));
    MlpConfig mlp = EnsembleTrainerTest.SMALL.toBuilder().maxEpochs(5).patience(100).build();

    Ensemble streamed = EnsembleTrainer.train(source, EnsembleTrainerTest.XYZ, List.of("y"), EnsembleConfig.of(mlp, 1));
    Ensemble inMemory = EnsembleTrainer.train(rows, EnsembleTrainerTest.XYZ, List.of("y"), EnsembleConfig.of(mlp, 1));

    // One pass for statistics, then one per epoch.
    assertEquals(1 + 5, source.passes.get());
    // Rows are held out by content, so both hold out the same rows and fit the same normalisers.
    assertEquals(inMemory.training().dataFingerprint(), streamed.training().dataFingerprint());
    assertEquals(inMemory.training().validationRows(), streamed.training().validationRows());
    assertEquals(inMemory.inputScaler().columns(), streamed.inputScaler().columns());
    for (int c = 0; c < 3; c++) {
      assertEquals(inMemory.inputScaler().mean()[c], streamed.inputScaler().mean()[c], 1e-12);
      assertEquals(inMemory.domain().max()[c], streamed.domain().max()[c], 0.0);
    }
    assertTrue(streamed.training().heldOut().metrics("y").r2() > 0.5);
  }
}
