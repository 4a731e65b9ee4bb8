package io.kakehashi.campaigns.alloy;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.event.RunState;
import io.kakehashi.local.LocalExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole campaign, tiny, on the real engine with the local executor and the linear baseline
 * surrogate: lmp under mpirun, HDF5, fit, screen, verify.
 */
class AlloyCampaignTest {
  @TempDir Path dir;

  @Test
  void tinyCampaignRunsEndToEnd() throws Exception {
    Map<String, String> params = Map.of("surrogate", "linear", "training", "30", "batch", "15", "ranks", "1",
        "screen", "2000",
        "bins", "2", "topk", "2", "sample", "2", "compositions", "0.5");
    try (var f = TestEngines.create(dir, LocalExecutor.onThisMachine())) {
      RunOutcome out = f.engine().run(new AlloyCampaign().define(params), "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());

      List<Map<String, Object>> packs = f.store().values(out.runId(), "pack");
      assertEquals(2, packs.size());
      for (Map<String, Object> v : packs) assertEquals(15, ((Number) v.get("relaxed")).intValue());

      Map<String, Object> train = f.store().values(out.runId(), "train-linear").get(0);
      double mae = ((Number) train.get("test_mae_mev_per_atom")).doubleValue();
      assertTrue(mae < 3, "held-out MAE of the linear fit on 30 candidates: " + mae + " meV/atom");

      Map<String, Object> screen = f.store().values(out.runId(), "screen").get(0);
      assertEquals(2000, ((Number) screen.get("screened")).intValue());

      List<Map<String, Object>> verified = f.store().values(out.runId(), "verify-pack");
      int relaxed = verified.stream().mapToInt(v -> ((Number) v.get("relaxed")).intValue()).sum();
      assertTrue(relaxed >= 4 && relaxed <= 8, "top 2 of 2 bins and of x = 0.5, plus 2 sampled, re-relaxed: " + relaxed);

      Map<String, Object> compare = f.store().values(out.runId(), "verify-compare").get(0);
      assertEquals(relaxed, ((Number) compare.get("verified")).intValue());
      assertEquals(0, ((Number) compare.get("missing")).intValue());
      double sampleMae = ((Number) compare.get("sample_mae_mev_per_atom")).doubleValue();
      assertTrue(sampleMae < 5, "surrogate error on the random sample: " + sampleMae + " meV/atom");

      List<String> csv = Files.readAllLines(workDir(f, out, "screen").resolve("screening.csv"));
      assertEquals("selection,bin,candidate_id,x_Ni,predicted_mixing_energy_eV,spread_eV,gate_decision,model",
          csv.get(0));
      for (String row : csv.subList(1, csv.size())) {
        // The linear baseline has no spread and no gate; its provenance names it.
        assertTrue(row.endsWith(",NaN,UNGATED,linear-least-squares"), row);
      }
      assertEquals(1 + relaxed, csv.size(), "header, then each pick once: 2 in each of 2 bins, 2 at x = 0.5, 2 sampled");
      List<String> verification = Files.readAllLines(workDir(f, out, "verify-compare").resolve("verification.csv"));
      assertEquals(1 + relaxed, verification.size());
      long[] initial = new AlloyCampaign().config(params).initialIds();
      long first = initial[initial.length - 1] + 1;
      for (String row : verification.subList(1, verification.size())) {
        long id = Long.parseLong(row.split(",")[1]);
        assertTrue(id >= first && id < first + 2000, "verified ids come from the screened range: " + id);
      }
    }
  }

  private static Path workDir(TestEngines.Fixture f, RunOutcome out, String step) {
    return f.store().points(out.runId()).stream().filter(p -> p.key().step().equals(step))
        .map(p -> Path.of(p.workDir())).findFirst().orElseThrow();
  }

  @Test
  void unknownOrBadParametersAreNamed() {
    AlloyCampaign c = new AlloyCampaign();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.config(Map.of("trainig", "5")))
        .getMessage().contains("unknown parameter 'trainig'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.config(Map.of("batch", "ten")))
        .getMessage().contains("parameter 'batch': 'ten' is not an integer"));
    assertEquals(AlloySystem.NI_AL, c.config(Map.of("system", "NiAl")).system());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.surrogate(Map.of("loss", "l1")))
        .getMessage().contains("loss"));
  }

  @Test
  void niAlMembersTrainOnTheHuberLossCuNisOnTheSquaredError() {
    AlloyCampaign c = new AlloyCampaign();
    String huber = "huberDelta=" + EnsembleSurrogate.HUBER_DELTA;
    assertTrue(c.surrogate(Map.of("system", "NiAl")).version().contains(huber));
    assertTrue(c.surrogate(Map.of()).version().contains("huberDelta=0.0"));
    assertTrue(c.surrogate(Map.of("loss", "huber")).version().contains(huber));
    assertTrue(c.surrogate(Map.of("system", "NiAl", "loss", "mse")).version().contains("huberDelta=0.0"));
  }
}
