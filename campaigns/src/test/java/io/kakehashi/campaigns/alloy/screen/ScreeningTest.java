package io.kakehashi.campaigns.alloy.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScreeningTest {
  private final FccLattice lattice = new FccLattice(4, 4);
  private final Descriptors descriptors = new Descriptors(AlloySystem.CU_NI, lattice);

  private Screening screening() {
    return new Screening(descriptors, new CandidateGenerator(lattice, 11));
  }

  @Test
  void blockRowsAreTheCandidatesFeatures() {
    int f = descriptors.size();
    float[] block = new float[8 * f];
    screening().featurise(100, 7, block, 8);
    CandidateGenerator g = new CandidateGenerator(lattice, 11);
    for (int r = 0; r < 7; r++) {
      double[] expected = descriptors.compute(g.generate(100 + r).occupation());
      for (int c = 0; c < f; c++) assertEquals((float) expected[c], block[c * 8 + r], 0, "row " + r + " column " + c);
    }
  }

  @Test
  void keepsTheLowestPredictionsPerCompositionBin() throws Exception {
    // Rank by first-shell Warren-Cowley alpha: the most strongly ordered candidates win.
    Screening.BlockModel alpha1 = (features, stride, rows, out) -> {
      for (int r = 0; r < rows; r++) out[r] = features[5 * stride + r];
    };
    Screening.Result result = screening().screen(1000, 2000, 300, alpha1, 4, 3, 10, 5);
    assertEquals(2000, result.screened());

    CandidateGenerator g = new CandidateGenerator(lattice, 11);
    List<List<Screening.Pick>> expected = new ArrayList<>();
    for (int b = 0; b < 4; b++) expected.add(new ArrayList<>());
    Set<List<Float>> seen = new HashSet<>();
    for (long id = 1000; id < 3000; id++) {
      double[] f = descriptors.compute(g.generate(id).occupation());
      List<Float> shape = new ArrayList<>();
      for (double v : f) shape.add((float) v);
      if (!seen.add(shape)) continue; // an equivalent structure is picked once
      expected.get(Math.min(3, (int) (f[0] * 4))).add(new Screening.Pick(id, f[0], (float) f[5], Double.NaN,
          Screening.BlockModel.UNGATED));
    }
    for (int b = 0; b < 4; b++) {
      List<Screening.Pick> bin = expected.get(b);
      bin.sort(Comparator.comparingDouble(Screening.Pick::predicted).thenComparingLong(Screening.Pick::id));
      List<Screening.Pick> got = result.top().get(b);
      assertEquals(3, got.size());
      for (int i = 0; i < 3; i++) assertEquals(bin.get(i).predicted(), got.get(i).predicted(), 0, "bin " + b + " rank " + i);
    }

    assertEquals(10, result.sample().size());
    for (Screening.Pick p : result.sample()) {
      assertTrue(p.id() >= 1000 && p.id() < 3000, "sample id in range: " + p.id());
      assertEquals((float) descriptors.compute(g.generate(p.id()).occupation())[5], p.predicted(), 0);
    }
    assertEquals(result.sample(), screening().screen(1000, 2000, 300, alpha1, 4, 3, 10, 5).sample(),
        "the control sample depends on its seed only");
  }

  /** Ranks by alpha_1 with spread 0.1; strongly ordered candidates (alpha_1 < -0.2) are UNCERTAIN. */
  private static final class Gated implements Screening.BlockModel {
    private float[] lastAlpha = new float[0];

    @Override
    public void predict(float[] features, int stride, int rows, double[] out) {
      lastAlpha = new float[rows];
      for (int r = 0; r < rows; r++) out[r] = lastAlpha[r] = features[5 * stride + r];
    }

    @Override
    public double spread(int row) {
      return 0.1;
    }

    @Override
    public String decision(int row) {
      return lastAlpha[row] < -0.2 ? "UNCERTAIN" : "ACCEPTED";
    }

    @Override
    public Screening.BlockModel forAnotherThread() {
      return new Gated();
    }
  }

  @Test
  void picksComeFromAcceptedPredictionsAndDoubtfulOnesGoToLammps() throws Exception {
    Screening.Result result = screening().screen(0, 3000, 256, new Gated(), 2, 3, 0, 1);
    for (int b = 0; b < 2; b++) {
      List<Screening.Pick> top = result.top().get(b);
      assertEquals(3, top.size());
      for (Screening.Pick p : top) assertEquals("ACCEPTED", p.decision(), "bin " + b + " pick " + p);
      double best = top.get(0).predicted();
      List<Screening.Pick> doubtful = result.uncertain().get(b);
      assertTrue(!doubtful.isEmpty(), "strongly ordered candidates exist in bin " + b);
      for (Screening.Pick p : doubtful) {
        assertEquals("UNCERTAIN", p.decision());
        assertTrue(p.predicted() - Screening.OPTIMISM_SIGMAS * p.spread() < best, "could beat the best accepted: " + p);
      }
    }
    Screening.Result parallel = Screening.screenParallel(2, this::screening, Gated::new, 0, 3000, 256, 2, 3, 0, 1);
    assertEquals(result.top(), parallel.top());
    assertEquals(result.uncertain(), parallel.uncertain());
  }

  @Test
  void exactCompositionsGetSlotsOfTheirOwn() throws Exception {
    Screening.Result result = screening().exactCompositions(64, 128).screen(0, 20_000, 256, new Gated(), 2, 3, 0, 1);
    assertEquals(4, result.top().size(), "two bins, then x = 0.25 and x = 0.5");
    for (Screening.Pick p : result.top().get(2)) assertEquals(0.25, p.fractionB(), 0, p.toString());
    for (Screening.Pick p : result.uncertain().get(3)) assertEquals(0.5, p.fractionB(), 0, p.toString());
    assertTrue(!result.top().get(2).isEmpty() && !result.top().get(3).isEmpty());
  }

  @Test
  void parallelScreeningGivesTheSequentialResult() throws Exception {
    Screening.BlockModel byOrder = (features, stride, rows, out) -> {
      for (int r = 0; r < rows; r++) out[r] = features[5 * stride + r] - 0.1 * features[stride + r];
    };
    Screening.Result one = screening().screen(500, 5000, 256, byOrder, 5, 4, 7, 3);
    Screening.Result three = Screening.screenParallel(3, this::screening, () -> byOrder, 500, 5000, 256, 5, 4, 7, 3);
    assertEquals(one.top(), three.top());
    assertEquals(one.sample(), three.sample());
    assertEquals(5000, three.screened());
  }

  @Test
  void rangesCutContiguousNearlyEqualParts() {
    assertEquals(List.of(10L, 13L, 16L, 20L), Arrays.stream(Screening.ranges(10, 10, 3)).boxed().toList());
    long[] huge = Screening.ranges(0, Long.MAX_VALUE / 2, 7);
    assertEquals(Long.MAX_VALUE / 2, huge[7], "no overflow");
    for (int i = 0; i < 7; i++) assertTrue(huge[i] < huge[i + 1]);
  }

  @Test
  void progressCountsEveryBlockOfEveryThread() throws Exception {
    List<Double> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScreenProgress percent = new ScreenProgress(5000, reported::add);
    Screening.BlockModel byOrder = (features, stride, rows, out) -> {
      for (int r = 0; r < rows; r++) out[r] = features[5 * stride + r];
    };
    Screening.screenParallel(3, () -> screening().progress(percent), () -> byOrder,
        0, 5000, 256, 2, 2, 0, 1);
    assertEquals(5000, percent.done());
    assertEquals(1.0, reported.stream().mapToDouble(Double::doubleValue).max().orElse(0), 0);
    assertTrue(reported.size() <= 100, "at most one report per percent: " + reported.size());
  }
}
