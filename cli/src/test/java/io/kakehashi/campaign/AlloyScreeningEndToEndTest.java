package io.kakehashi.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.cli.Main;
import io.kakehashi.slurm.LocalSlurm;
import io.kakehashi.store.AttemptRecord;
import io.kakehashi.store.PointRecord;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job, small: a few dozen LAMMPS relaxations, a two-member ensemble, a few thousand
 * screened candidates, verification, results table and report — through the real command line,
 * once on the local executor and once through the real local Slurm.
 */
class AlloyScreeningEndToEndTest {
  /** Two active-learning rounds of ten picks, judged on eight held-out relaxations. */
  static final List<String> SMALL = List.of("-P", "training=40", "-P", "batch=20", "-P", "screen=4000",
      "-P", "members=2", "-P", "epochs=40", "-P", "bins=2", "-P", "topk=2", "-P", "sample=3",
      "-P", "rounds=2", "-P", "acquire=6", "-P", "random-slice=4", "-P", "holdout=8", "-P", "baseline=false");

  /** {@link #SMALL} with some {@code -P key=value} replaced (a parameter may be given only once). */
  static List<String> with(List<String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    for (List<String> list : List.of(SMALL, overrides)) {
      for (int i = 0; i + 1 < list.size(); i += 2) {
        String kv = list.get(i + 1);
        p.put(kv.substring(0, kv.indexOf('=')), kv);
      }
    }
    List<String> out = new ArrayList<>();
    p.values().forEach(kv -> out.addAll(List.of("-P", kv)));
    return out;
  }

  static int kakehashi(Path home, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("run", "alloy-screening"));
    args.addAll(SMALL);
    args.addAll(extra);
    args.addAll(List.of("--home", home.toString()));
    return Main.execute(args.toArray(String[]::new));
  }

  /** Checks what a user of the campaign looks at, and returns the run's attempts. */
  static List<AttemptRecord> assertCampaignOutputs(Path home) throws Exception {
    try (RunStore store = RunStore.open(home.resolve("runs.db"))) {
      RunSummary run = store.runs().get(0);
      PointRecord compare = store.points(run.runId()).stream()
          .filter(p -> p.key().step().equals("verify-compare")).findFirst().orElseThrow();
      Path dir = Path.of(compare.workDir());

      List<String> results = Files.readAllLines(dir.resolve("results.csv"));
      assertEquals("candidate_id,x_B,mixing_energy_eV,source,model,selection,surrogate_mean_eV,surrogate_spread_eV,"
          + "gate_decision", results.get(0));
      long training = results.stream().filter(l -> l.contains(",lammps,,training,")).count();
      assertEquals(40, training, "every training candidate, valued by LAMMPS");
      // The best 2 of each of 2 bins come as "top" where the gate accepted them and as "uncertain"
      // while it is not yet trusted (a small campaign has too few judged rows to trust it).
      List<String> picks = results.stream()
          .filter(l -> l.contains(",top,") || l.contains(",uncertain,") || l.contains(",sample,")).toList();
      assertTrue(picks.size() >= 5, "the best 2 of 2 bins and 3 sampled: " + picks);
      for (String pick : picks) {
        String[] f = pick.split(",");
        assertTrue(Set.of("lammps", "surrogate").contains(f[3]), pick);
        assertEquals("mixing-energy@v1", f[4], "the model version that predicted it: " + pick);
        assertTrue(Set.of("ACCEPTED", "UNCERTAIN", "OUT_OF_DOMAIN").contains(f[8]), pick);
        assertTrue(Double.parseDouble(f[7]) >= 0, "an ensemble spread: " + pick);
      }
      assertTrue(Files.isDirectory(dir.resolve("results.parquet")), "results as Parquet too");

      String html = Files.readString(home.resolve("reports").resolve(run.runId() + ".html"));
      for (String expected : List.of("<h2 id=\"step-train\">", "Parity on held-out LAMMPS candidates",
          "Surrogate accuracy and calibration", "Surrogate gate over the screened candidates",
          "speedup per candidate (wall)", "speedup at the gate's accuracy", "LAMMPS by hand",
          "Verification of the screening by LAMMPS", "core-hours avoided", "<h2 id=\"step-train-2\">",
          "Swap Monte Carlo on the surrogate", "relaxations no judged model was trained on",
          "Learning curve on the held-out relaxations")) {
        assertTrue(html.contains(expected), "report lacks " + expected);
      }
      return store.attempts(run.runId());
    }
  }

  @Test
  void runsOnTheLocalExecutor(@TempDir Path home) throws Exception {
    assertEquals(0, kakehashi(home, List.of()));
    List<AttemptRecord> attempts = assertCampaignOutputs(home);
    assertTrue(attempts.stream().filter(a -> a.key().step().equals("relax")).allMatch(a -> a.executor().equals("local")));
  }

  @Nested
  @ExtendWith(LocalSlurm.class)
  class ThroughSlurm {
    @Test
    void runsTheSimulationStepsAsSlurmJobArrays(LocalSlurm.Cluster slurm, @TempDir Path home) throws Exception {
      int code = kakehashi(home, List.of("-C", "executor=slurm", "-C", "slurm.url=" + slurm.url(),
          "-C", "slurm.user=root", "-C", "slurm.token-command=" + String.join(" ", slurm.tokenCommand()),
          "-C", "slurm.poll-interval=300ms", "-C", "slurm.max-poll-interval=1s",
          // Debian's OpenMPI has no Slurm PMI: its mpirun starts the ranks inside the job.
          "-C", "slurm.launcher=mpirun --allow-run-as-root --oversubscribe"));
      assertEquals(0, code);
      List<AttemptRecord> attempts = assertCampaignOutputs(home);
      List<AttemptRecord> relax = attempts.stream().filter(a -> a.key().step().equals("relax")).toList();
      assertEquals(2, relax.size());
      assertTrue(relax.stream().allMatch(a -> a.executor().equals("slurm") && a.externalId() != null),
          "each batch ran as an element of a Slurm job array: " + relax);
      assertEquals(1, relax.stream().map(a -> a.externalId().split("_")[0]).distinct().count(),
          "the relax sweep went out as one array (the gather window): " + relax);
    }
  }
}
