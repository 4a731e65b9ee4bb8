package io.kakehashi.campaigns.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.lammps.BatchSpec;
import io.kakehashi.campaigns.alloy.sampling.SwapMonteCarlo;
import io.kakehashi.campaigns.alloy.screen.ScreenSpec;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.CandidateSource;
import io.kakehashi.campaigns.alloy.structure.Family;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import io.kakehashi.campaigns.alloy.structure.PackedSupercell;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AlloyScreeningTest {
  private static final AlloyScreening.Config SMALL =
      new AlloyScreening.Config(AlloySystem.CU_NI, 4, 4, 7, 70, 30, 2, 3000, 4, 2, 3);

  @Test
  void campaignIsAValidDag() {
    Workflow wf = AlloyScreening.workflow(SMALL, new LinearSurrogate());
    // A model without a spread cannot drive active learning: one training round.
    assertEquals(List.of("prepare", "lammps-by-hand", "relax", "pack", "train-linear", "screen",
        "verify-prepare", "verify-relax", "verify-pack", "verify-compare"), new ArrayList<>(wf.steps().keySet()));

    Step relax = wf.step("relax");
    Action.Mpi mpi = assertInstanceOf(Action.Mpi.class, relax.action());
    assertEquals(2, mpi.ranks());
    assertEquals(List.of("lmp", "-in", "${inputs.batch}", "-log", "log.lammps", "-screen", "none"), mpi.args());
    assertEquals(Set.of("prepare", "lammps-by-hand"), Set.copyOf(relax.upstream()));

    List<Params> batches = wf.step("prepare").sweep().points();
    assertEquals(3, batches.size(), "70 candidates in batches of 30");
    assertEquals(10, BatchSpec.fromParams(batches.get(2)).ids().length);
    CandidateGenerator g = new CandidateGenerator(new FccLattice(4, 4), 7);
    for (Params batch : batches) {
      for (long id : BatchSpec.fromParams(batch).ids()) {
        assertTrue(AlloyScreening.INITIAL_FAMILIES.contains(g.family(id)), "initial candidate " + id);
      }
    }
    assertEquals(batches, wf.step("pack").sweep().points());

    assertEquals(Set.of("pack"), Set.copyOf(wf.step("train-linear").upstream()));
    assertEquals(Set.of("train-linear"), Set.copyOf(wf.step("screen").upstream()));
    assertTrue(wf.step("verify-prepare").sweep().isDynamic());
    // The screen takes the ids after the last of the 70 relaxed ones (drawn from the initial
    // families, so not 0..69); its picks go to LAMMPS in batches of 30.
    long[] initial = SMALL.initialIds();
    List<Params> screen = wf.step("screen").sweep().points();
    assertEquals(List.of(new ScreenSpec(AlloySystem.CU_NI, 4, 4, false, 7, initial[69] + 1, 3000, 70, 4,
        SMALL.compositions(), 2, 3, 30)), screen.stream().map(ScreenSpec::fromParams).toList());

    // Function steps are versioned by the whole package's bytecode, not only by the defining class.
    assertTrue(AlloyScreening.CODE_VERSION.startsWith("alloy@"), AlloyScreening.CODE_VERSION);
    for (String step : List.of("prepare", "pack", "train-linear", "verify-compare")) {
      assertEquals(AlloyScreening.CODE_VERSION, ((Action.Function) wf.step(step).action()).version(), step);
    }
    assertEquals(AlloyScreening.CODE_VERSION + "+" + LinearSurrogate.class.getName(),
        ((Action.Function) wf.step("screen").action()).version());
    assertEquals("screen", wf.step("verify-relax").sweep().sourceStep());
  }

  @Test
  void activeLearningRoundsTrainOnEverythingSoFarAndAreJudgedOnWhatTheyHadNotSeen() {
    AlloyScreening.Learning learning = new AlloyScreening.Learning(2, AlloyScreening.Learning.sampling(1.0, 8, 2),
        0.3, 0.01, true, 10, new double[] {450});
    AlloyScreening.Config config = new AlloyScreening.Config(AlloySystem.CU_NI, 4, 4, 7, 70, 30, 1, 3000, 4, 2, 3,
        learning);
    Workflow wf = AlloyScreening.workflow(config, EnsembleSurrogate.defaults(2, 10, 1.0, 8));
    // Round r picks with round r-1's model, relaxes, is judged with that model, then trains on all so far.
    assertEquals(Set.of("train"), Set.copyOf(wf.step("select-1").upstream()));
    assertEquals("select-1", wf.step("al1-relax").sweep().sourceStep());
    assertEquals(Set.of("select-1", "al1-pack", "train"), Set.copyOf(wf.step("judge-1").upstream()));
    assertEquals(Set.of("ingest", "ingest-1", "train"), Set.copyOf(wf.step("train-1").upstream()));
    assertEquals(Set.of("ingest", "ingest-1", "ingest-2", "train-1"), Set.copyOf(wf.step("train-2").upstream()));
    // The stop rule of round 2 reads round 1's judgement.
    assertTrue(wf.step("select-2").upstream().contains("judge-1"));
    // The random baseline trains on the initial batches and its own random picks only.
    assertEquals(Set.of("ingest", "ingest-random", "train"), Set.copyOf(wf.step("train-random").upstream()));
    // ...as many as the rounds picked: it waits for their select steps (a round the stop rule ended picked none).
    assertTrue(wf.step("select-random").upstream().containsAll(List.of("select-1", "select-2")));
    // Nothing simulates beside the screen, whose time is the surrogate side of the speedup.
    assertTrue(wf.step("select-random").upstream().contains("screen"));
    assertTrue(wf.step("select-holdout").upstream().contains("screen"));
    // The held-out set is judged by every round's model and the baseline; the screen uses the last round's.
    assertTrue(wf.step("judge-holdout").upstream().containsAll(List.of("train", "train-1", "train-2", "train-random",
        "holdout-pack")));
    // ...corrected per family by every judgement of fresh picks (FamilyCalibration); a round's
    // judge scores its model as corrected by the judgements before it.
    assertEquals(Set.of("train-2", "judge-1", "judge-2"), Set.copyOf(wf.step("screen").upstream()));
    assertEquals(Set.of("select-2", "al2-pack", "train-1", "judge-1"), Set.copyOf(wf.step("judge-2").upstream()));
    assertTrue(wf.step("judge-holdout").upstream().containsAll(List.of("judge-1", "judge-2")));
  }

  @Test
  void theCodeVersionCoversEveryClassOfTheCampaignSubpackagesAndNestedOnesIncluded() throws Exception {
    Set<String> digested = AlloyScreening.packageClasses().keySet();
    String root = AlloyScreening.class.getPackageName() + ".";
    for (Class<?> c : List.of(ResultsTable.class, ResultsTable.Entry.class, ActiveLearning.Pick.class,
        SwapMonteCarlo.class, Screening.Pick.class, CandidateSource.Explicit.class, Family.class,
        PackedSupercell.Bond.class, Descriptors.class, BatchSpec.class, TrainingTable.class)) {
      String file = c.getName().substring(root.length()).replace('.', '/') + ".class";
      assertTrue(digested.contains(file), file + " is in the code version");
    }
    // Every class the compiler wrote under the campaign's package is in the digest: a new
    // subpackage cannot be forgotten either.
    Path classes = Path.of(AlloyScreening.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(classes.resolve(root.replace('.', '/')))) {
      long onDisk = files.filter(p -> p.toString().endsWith(".class")).count();
      assertEquals(onDisk, digested.size());
    }
  }

}
