package io.kakehashi.examples.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlloyScreeningTest {
  @TempDir Path dir;

  private static final AlloyScreening.Config SMALL =
      new AlloyScreening.Config(AlloySystem.CU_NI, 3, 4, 7, 70, 30, 2, 3000, 4, 2, 3);

  @Test
  void campaignIsAValidDag() {
    Workflow wf = AlloyScreening.workflow(SMALL, new LinearSurrogate());
    assertEquals(List.of("prepare", "relax", "pack", "train-linear", "screen",
        "verify-prepare", "verify-relax", "verify-pack", "verify-compare"), new ArrayList<>(wf.steps().keySet()));

    Step relax = wf.step("relax");
    Action.Mpi mpi = assertInstanceOf(Action.Mpi.class, relax.action());
    assertEquals(2, mpi.ranks());
    assertEquals(List.of("lmp", "-in", "${inputs.batch}", "-log", "log.lammps", "-screen", "none"), mpi.args());
    assertEquals(Set.of("prepare"), relax.upstream());

    List<Params> batches = wf.step("prepare").sweep().points();
    assertEquals(3, batches.size(), "70 candidates in batches of 30");
    assertEquals(60L, batches.get(2).getLong("first"));
    assertEquals(10, batches.get(2).getInt("count"));
    assertEquals(batches, wf.step("pack").sweep().points());

    assertEquals(Set.of("pack"), wf.step("train-linear").upstream());
    assertEquals(Set.of("train-linear"), wf.step("screen").upstream());
    assertTrue(wf.step("verify-prepare").sweep().isDynamic());
    assertEquals("screen", wf.step("verify-relax").sweep().sourceStep());
  }

  /** Each step's code run by hand in dependency order, the MPI step from the workflow's own argv. */
  @Test
  void stepsChainFromPrepareToVerificationBatches() throws Exception {
    Workflow wf = AlloyScreening.workflow(SMALL, new LinearSurrogate());
    Params batch = wf.step("prepare").sweep().points().get(0);

    DirectoryContext prepare = new DirectoryContext("prepare", batch, dir.resolve("prepare"), Map.of());
    AlloyScreening.prepare(prepare);
    assertEquals(30, prepare.values.get("candidates"));

    Path relaxDir = Files.createDirectories(dir.resolve("relax"));
    List<String> argv = new ArrayList<>();
    for (String a : wf.step("relax").action().args()) {
      argv.add(a.equals("${inputs.batch}") ? prepare.workDir().resolve("batch.in").toString() : a);
    }
    assertEquals(0, new ProcessBuilder(argv).directory(relaxDir.toFile()).start().waitFor(), "lmp " + argv);

    DirectoryContext pack = new DirectoryContext("pack", batch, dir.resolve("pack"), Map.of(
        "results", List.of(relaxDir.resolve("results.txt")), "log", List.of(relaxDir.resolve("log.lammps"))));
    AlloyScreening.pack(pack);
    assertEquals(30, pack.values.get("relaxed"));
    assertEquals(0, pack.values.get("failed"));

    DirectoryContext train = new DirectoryContext("train-linear", Params.EMPTY, dir.resolve("train"),
        Map.of("batches", List.of(pack.workDir().resolve("batch.h5"))));
    LinearSurrogate.train(train, SMALL.batch(new long[] {0}).descriptors().names());
    double mae = (Double) train.values.get("test_mae_mev_per_atom");
    assertTrue(mae < 5, "even 30 candidates fit mixing energy to a few meV/atom: " + mae);

    Params screenPoint = wf.step("screen").sweep().points().get(0);
    DirectoryContext screen = new DirectoryContext("screen", screenPoint, dir.resolve("screen"),
        Map.of("model", List.of(train.workDir().resolve(LinearSurrogate.MODEL))));
    AlloyScreening.screen(screen, new LinearSurrogate());
    assertEquals(3000L, screen.values.get("screened"));
    List<String> csv = Files.readAllLines(screen.workDir().resolve("screening.csv"));
    assertEquals("selection,bin,candidate_id,x_Ni,predicted_mixing_energy_eV", csv.get(0));
    assertEquals(1 + 4 * 2 + 3, csv.size(), "header, 2 per bin in 4 bins, 3 sampled");

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> verify = (List<Map<String, Object>>) screen.values.get("verify");
    int ids = 0;
    for (Map<String, Object> point : verify) {
      BatchSpec spec = BatchSpec.fromParams(Params.of(point));
      for (long id : spec.ids()) assertTrue(id >= 70 && id < 3070, "verified ids come from the screened range: " + id);
      ids += spec.ids().length;
    }
    assertTrue(ids >= 8 && ids <= 11, ids + " ids to verify");
  }
}
