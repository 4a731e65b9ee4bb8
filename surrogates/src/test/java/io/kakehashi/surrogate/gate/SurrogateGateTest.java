package io.kakehashi.surrogate.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import io.kakehashi.surrogate.model.MlpConfig;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SurrogateGateTest {
  final Ensemble model = SyntheticData.quickEnsemble();
  final Table inside = SyntheticData.uniform(200, 3, -0.9, 0.9, 31, SyntheticData::smooth);

  @Test
  void confidentCandidatesAreSkippedAndUncertainOnesSimulated() {
    double[] std = model.predict(inside).std("y");
    double median = Arrays.stream(std).sorted().toArray()[std.length / 2];

    GateResult result = new SurrogateGate(model, "smooth@v1", GatePolicy.of("y", median)).screen(inside);

    for (int r = 0; r < inside.rowCount(); r++) {
      Decision expected = std[r] <= median ? Decision.ACCEPTED : Decision.UNCERTAIN;
      assertEquals(expected, result.decision(r), "row " + r + " std " + std[r]);
    }
    assertEquals(result.count(Decision.UNCERTAIN), result.toSimulate().length);
    assertTrue(result.count(Decision.ACCEPTED) >= 100);
    int accepted = result.accepted()[0];
    assertEquals(Provenance.surrogate("smooth@v1"), result.provenance(accepted));
    int simulated = result.toSimulate()[0];
    assertEquals(Provenance.Source.SIMULATION, result.provenance(simulated).source());
    assertNull(result.provenance(simulated).model());
    assertTrue(result.reason(simulated).startsWith("std of y "), result.reason(simulated));
  }

  @Test
  void candidatesOutsideTheTrainingDomainAreSimulatedHoweverConfident() {
    Table far = Table.builder("x0", "x1", "x2").addRow(0.0, 0.0, 0.0).addRow(0.0, 1.2, 0.0).addRow(-3, 0, 0).build();
    GatePolicy anySpread = GatePolicy.of("y", Double.MAX_VALUE).withDomainMargin(0.05);

    GateResult result = new SurrogateGate(model, "smooth@v1", anySpread).screen(far);

    assertEquals(Decision.ACCEPTED, result.decision(0));
    // x1 = 1.2 lies beyond 1 + 5% of the trained width of about 2.
    assertEquals(Decision.OUT_OF_DOMAIN, result.decision(1));
    assertTrue(result.reason(1).startsWith("x1=1.2 outside trained ["), result.reason(1));
    assertEquals(Decision.OUT_OF_DOMAIN, result.decision(2));
    assertArrayEquals(new int[] {1, 2}, result.toSimulate());
  }

  @Test
  void verificationFractionOfConfidentCandidatesIsSimulatedAnyway() {
    GatePolicy policy = GatePolicy.of("y", Double.MAX_VALUE).withVerification(0.1, 17);

    GateResult result = new SurrogateGate(model, "smooth@v1", policy).screen(inside);

    assertEquals(20, result.count(Decision.VERIFICATION));
    assertEquals(180, result.count(Decision.ACCEPTED));
    GateResult again = new SurrogateGate(model, "smooth@v1", policy).screen(inside);
    assertArrayEquals(result.toSimulate(), again.toSimulate(), "same seed, same sample");
    GateResult otherSeed = new SurrogateGate(model, "smooth@v1", policy.withVerification(0.1, 18)).screen(inside);
    assertFalse(Arrays.equals(result.toSimulate(), otherSeed.toSimulate()));
  }

  @Test
  void distanceTestCatchesCandidatesInsideEveryRangeButOffTheTrainingRows() {
    // Two-component compositions: x_Cu = 1 - x_Ni, so the training rows lie on a line through the box.
    Table.Builder rows = Table.builder("x_Ni", "x_Cu", "e_mix");
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 300; i++) {
      double ni = rnd.nextDouble();
      rows.addRow(ni, 1 - ni, -0.1 * ni * (1 - ni));
    }
    Ensemble alloy = EnsembleTrainer.train(rows.build(), FeatureSchema.continuous("x_Ni", "x_Cu"), List.of("e_mix"),
        EnsembleConfig.of(MlpConfig.builder().hiddenLayers(8).maxEpochs(2).build(), 2));
    Table candidates = Table.builder("x_Ni", "x_Cu").addRow(0.3, 0.7).addRow(0.8, 0.8).build();
    GatePolicy policy = GatePolicy.of("e_mix", Double.MAX_VALUE);

    assertEquals(0, new SurrogateGate(alloy, "alloy@v1", policy).screen(candidates).toSimulate().length,
        "both lie inside the box");
    GateResult withDistance = new SurrogateGate(alloy, "alloy@v1", policy.withMaxMahalanobis(4)).screen(candidates);

    assertEquals(Decision.ACCEPTED, withDistance.decision(0));
    assertEquals(Decision.OUT_OF_DOMAIN, withDistance.decision(1));
    assertTrue(withDistance.reason(1).startsWith("Mahalanobis distance "), withDistance.reason(1));
  }

  @Test
  void policyMustCoverExactlyTheModelsTargets() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SurrogateGate(model, "smooth@v1", GatePolicy.of("e_mix", 0.01)));
    assertTrue(e.getMessage().contains("no threshold for target 'y'"), e.getMessage());
  }

  @Test
  void blocksDecideLikeTheTableScreen() {
    // More rows than the table screen's own blocks of 4096, so that it, too, goes block by block.
    int n = 9000;
    Table mixed = SyntheticData.uniform(n, 3, -1.3, 1.3, 41, SyntheticData::smooth);
    double[] std = model.predict(mixed).std("y");
    GatePolicy policy = GatePolicy.of("y", Arrays.stream(std).sorted().toArray()[n / 2]);
    SurrogateGate gate = new SurrogateGate(model, "smooth@v1", policy);
    GateResult whole = gate.screen(mixed);

    BlockGate blocks = gate.blocks(64);
    float[] block = new float[3 * 64];
    for (int from = 0; from < n; from += 64) {
      int rows = Math.min(64, n - from);
      mixed.copyColumnMajor(List.of("x0", "x1", "x2"), from, from + rows, block, 64);
      blocks.screen(block, rows);
      for (int r = 0; r < rows; r++) {
        assertEquals(whole.decision(from + r), blocks.decision(r), "row " + (from + r));
        assertEquals(whole.prediction().mean(from + r, 0), blocks.mean(r, 0), 1e-12);
      }
    }
    assertTrue(whole.count(Decision.OUT_OF_DOMAIN) > 0 && whole.count(Decision.ACCEPTED) > 0);
  }

  @Test
  void aCandidateOnTheTrainingBoundaryIsInsideAfterRoundingToFloat() {
    // The domain's bounds are doubles; blocks hold floats. A feature equal to a bound must stay inside.
    double[] max = model.domain().max();
    double[] min = model.domain().min();
    Table edge = Table.builder("x0", "x1", "x2").addRow(max[0], min[1], max[2]).addRow(min[0], max[1], min[2]).build();

    GateResult result = new SurrogateGate(model, "smooth@v1", GatePolicy.of("y", Double.MAX_VALUE)).screen(edge);

    assertEquals(Decision.ACCEPTED, result.decision(0), result.reason(0));
    assertEquals(Decision.ACCEPTED, result.decision(1), result.reason(1));
  }
}
