package io.kakehashi.campaigns.alloy.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.spark.SparkSessions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The screen as a Spark job on the embedded {@code local[*]} session gives what the in-process
 * threads give. (On the two-worker cluster, with a model shipped to the executors:
 * {@code AlloyClusterTest}.)
 */
class SparkScreeningTest {
  private final ScreenSpec spec = new ScreenSpec(AlloySystem.CU_NI, 4, 4, false, 11, 500, 30_000, 0, 3,
      List.of(0.25, 0.5), 3, 20, 50);

  /** Ranks by alpha_1 minus a little x_B; strongly ordered candidates are UNCERTAIN. */
  static final class Ordered implements Screening.BlockModel {
    private float[] alpha = new float[0];

    @Override
    public void predict(float[] features, int stride, int rows, double[] out) {
      alpha = new float[rows];
      for (int r = 0; r < rows; r++) out[r] = (alpha[r] = features[5 * stride + r]) - 0.1 * features[r];
    }

    @Override
    public double spread(int row) {
      return 0.05;
    }

    @Override
    public String decision(int row) {
      return alpha[row] < -0.15 ? "UNCERTAIN" : "ACCEPTED";
    }

    @Override
    public Screening.BlockModel forAnotherThread() {
      return new Ordered();
    }
  }

  /** An executor's way to the model: in a real campaign the model's files travel inside it. */
  record OrderedSource() implements SparkScreening.ModelSource {
    @Override
    public String key() {
      return "ordered";
    }

    @Override
    public Screening.BlockModel load() {
      return new Ordered();
    }
  }

  @Test
  void aSparkJobGivesTheInProcessResultAndCountsProgress() throws Exception {
    Screening.Result threads = Screening.screenParallel(2, spec::screening, Ordered::new, spec.first(), spec.count(), 256, spec.bins(), spec.topK(), spec.randomSample(), 7);
    AtomicLong screened = new AtomicLong();
    Screening.Result spark = SparkScreening.screen(SparkSessions.shared(), spec, new OrderedSource(), new Ordered(),
        256, 7, screened::addAndGet);

    assertEquals(threads.top(), spark.top());
    assertEquals(threads.uncertain(), spark.uncertain());
    assertEquals(threads.sample(), spark.sample());
    assertEquals(threads.decisions(), spark.decisions());
    assertEquals(30_000, spark.screened());
    assertEquals(30_000, screened.get(), "every finished task's candidates were reported");
    assertTrue(spark.uncertain().stream().anyMatch(l -> !l.isEmpty()), "the test model leaves doubts to LAMMPS");
  }

  @Test
  void rangesFillEveryCoreInEachWaveAndStayBounded() {
    assertEquals(2, SparkScreening.parts(8_000_000, 2, 256), "8M on 2 cores: one wave of 4M ranges");
    assertEquals(4, SparkScreening.parts(8_000_001, 2, 256), "a second wave for all cores, not one");
    int billion = SparkScreening.parts(1_000_000_000, 2, 256);
    assertEquals(0, billion % 2);
    assertTrue(1_000_000_000L / billion <= SparkScreening.MAX_RANGE, billion + " parts");
    assertEquals(3, SparkScreening.parts(1000, 8, 256), "never less than a block per part");
  }
}
