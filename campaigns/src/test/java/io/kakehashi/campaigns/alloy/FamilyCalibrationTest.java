package io.kakehashi.campaigns.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.structure.Family;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.StepContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FamilyCalibrationTest {
  /** |error| / σ of n Gaussian errors whose true spread is {@code width} times the model's σ. */
  private static double[] ratios(int n, double width, long seed) {
    Random random = new Random(seed);
    double[] r = new double[n];
    for (int i = 0; i < n; i++) r[i] = Math.abs(random.nextGaussian()) * width;
    return r;
  }

  @Test
  void eachFamilyGetsTheFactorItsFreshErrorsAskFor() {
    FamilyCalibration c = FamilyCalibration.fit(Map.of(
        Family.CLUSTERED, ratios(400, 3.0, 1),   // σ three times too narrow
        Family.LAYERED, ratios(400, 1.5, 2),     // σ a little too narrow
        Family.WAVE, ratios(400, 0.1, 8),        // σ ten times too wide: kept, never narrowed
        Family.RANDOM, ratios(400, 1.0, 3)));
    assertEquals(3.0, c.of(Family.CLUSTERED).sigma(), 0.4);
    assertEquals(1.5, c.of(Family.LAYERED).sigma(), 0.2);
    assertEquals(1.0, c.of(Family.WAVE).sigma());
    assertEquals(1.0, c.of(Family.RANDOM).sigma(), 0.15);
    // The gate holds 99% of the family's errors: about 2.576 σ·3 for the clustered family...
    assertEquals(3.0, c.of(Family.CLUSTERED).gate(), 0.6);
    // ...and never accepts more than the ensemble's own σ would, even where σ is too wide.
    assertEquals(1.0, c.of(Family.WAVE).gate());
  }

  @Test
  void aFamilyWithFewJudgedRowsTakesThePooledFactorsOrStricter() {
    FamilyCalibration c = FamilyCalibration.fit(Map.of(
        Family.RANDOM, ratios(300, 2.0, 4),
        Family.LAYERED, ratios(FamilyCalibration.MIN_ROWS - 1, 5.0, 5)));
    assertSame(c.pooled(), c.of(Family.LAYERED));
    assertSame(c.pooled(), c.of(Family.MONTE_CARLO)); // never judged
    assertSame(c.pooled(), c.of(null));               // family unknown
    // With 20 to 98 rows there is no conformal 99% rank: the largest ratio, or the pooled gate if stricter.
    FamilyCalibration d = FamilyCalibration.fit(Map.of(
        Family.RANDOM, ratios(300, 4.0, 6),
        Family.LAYERED, ratios(30, 1.0, 7)));
    assertTrue(d.of(Family.LAYERED).gate() >= d.pooled().gate());
    assertEquals(30, d.of(Family.LAYERED).rows());
  }

  @Test
  void ratiosRecordedByJudgesPoolIntoOneFit() {
    Map<String, Object> first = FamilyCalibration.ratioValues(Map.of(Family.ORDERED, new double[] {1, 2}));
    Map<String, Object> second = FamilyCalibration.ratioValues(Map.of(Family.ORDERED, new double[] {3}));
    Map<Family, double[]> pooled = FamilyCalibration.poolRatios(List.of(first, second));
    assertEquals(List.of(Family.ORDERED), List.copyOf(pooled.keySet()));
    assertEquals(3, pooled.get(Family.ORDERED).length);
    assertSame(FamilyCalibration.NONE, FamilyCalibration.fit(Map.of()));
  }

  @Test
  void theConformalQuantileIsTheRankAboveTheLevel() {
    double[] sorted = new double[99];
    for (int i = 0; i < sorted.length; i++) sorted[i] = i + 1;
    // rank ⌈(99 + 1) 0.9545⌉ = 96
    assertEquals(96, FamilyCalibration.quantile(sorted, FamilyCalibration.TWO_SIGMA_COVERAGE));
    assertEquals(99, FamilyCalibration.quantile(sorted, FamilyCalibration.GATE_COVERAGE));
  }

  @Test
  void theGateIsTrustedOnlyOnceFreshDataShowedItRight() {
    Map<Family, double[]> ratios = Map.of(Family.RANDOM, ratios(100, 1.0, 9));
    assertTrue(FamilyCalibration.fit(ratios, new FamilyCalibration.GateRecord(91, 1)).trusted());
    // Too few accepted fresh rows to know, or too many of them wrong: it accepts nothing.
    assertFalse(FamilyCalibration.fit(ratios, new FamilyCalibration.GateRecord(1, 0)).trusted());
    assertFalse(FamilyCalibration.fit(ratios, new FamilyCalibration.GateRecord(40, 3)).trusted());
    // Without any judgement (no active learning) the ensemble's own gate decides.
    assertTrue(FamilyCalibration.NONE.trusted());
    assertTrue(FamilyCalibration.fit(ratios, new FamilyCalibration.GateRecord(1, 1)).trusting().trusted());
  }

  @Test
  void theScreenTakesTheNewestJudgesFactorsAndEveryJudgesGateRecord() {
    // Judge 1 saw an older model whose σ was three times too narrow; judge 2 saw one close to right;
    // judge 3's round picked nothing (its stop rule held) and recorded no ratios.
    Map<String, Object> first = Map.of(AlloyScreening.RATIOS,
        FamilyCalibration.ratioValues(Map.of(Family.RANDOM, ratios(60, 3.0, 11))), "accepted", 15, "false_accepts", 0);
    Map<String, Object> second = Map.of(AlloyScreening.RATIOS,
        FamilyCalibration.ratioValues(Map.of(Family.RANDOM, ratios(60, 1.1, 12))), "accepted", 10, "false_accepts", 0);
    Map<String, Object> third = Map.of("judged", 0);
    Map<String, List<Map<String, Object>>> judges = Map.of("calibration-1", List.of(first), "calibration-2",
        List.of(second), "calibration-3", List.of(third));

    FamilyCalibration c = AlloyScreening.calibration(context(judges), 3);

    assertEquals(FamilyCalibration.fit(Map.of(Family.RANDOM, ratios(60, 1.1, 12))).of(Family.RANDOM), c.of(Family.RANDOM),
        "judge 2's factors, not judge 1's three times wider ones");
    assertTrue(c.trusted(), "15 + 10 accepted and none wrong: the gate's record counts every judge");
    assertFalse(AlloyScreening.calibration(context(judges), 1).trusted(), "15 accepted are too few to trust it");
  }

  /** A step context whose inputs are only judges' recorded values. */
  private static StepContext context(Map<String, List<Map<String, Object>>> values) {
    return new StepContext() {
      @Override public String stepName() { return "screen"; }
      @Override public int pointIndex() { return 0; }
      @Override public Params params() { return Params.of(Map.of()); }
      @Override public Path workDir() { return Path.of("."); }
      @Override public List<Path> inputFiles(String name) { return List.of(); }
      @Override public Path inputFile(String name) { throw new IllegalArgumentException(name); }
      @Override public List<Map<String, Object>> inputValues(String name) { return values.getOrDefault(name, List.of()); }
      @Override public List<Params> inputParams(String name) { return List.of(); }
      @Override public void value(String key, Object value) {}
      @Override public void progress(double fraction) {}
    };
  }
}
