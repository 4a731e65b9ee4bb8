package io.kakehashi.examples.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlloyScreeningTest {
  private static final AlloyScreening.Config SMALL =
      new AlloyScreening.Config(AlloySystem.CU_NI, 4, 4, 7, 70, 30, 2, 3000, 4, 2, 3);

  @Test
  void campaignIsAValidDag() {
    Workflow wf = AlloyScreening.workflow(SMALL, new LinearSurrogate());
    assertEquals(List.of("prepare", "relax", "pack", "train-linear", "screen",
        "verify-prepare", "verify-relax", "verify-pack", "verify-compare"), new ArrayList<>(wf.steps().keySet()));

    Step relax = wf.step("relax");
    Action.Mpi mpi = assertInstanceOf(Action.Mpi.class, relax.action());
    assertEquals(2, mpi.ranks());
    assertEquals(List.of("lmp", "-in", "${inputs.batch}", "-log", "log.lammps", "-screen", "none"), mpi.args());
    assertEquals(Set.of("prepare"), Set.copyOf(relax.upstream()));

    List<Params> batches = wf.step("prepare").sweep().points();
    assertEquals(3, batches.size(), "70 candidates in batches of 30");
    assertEquals(60L, batches.get(2).getLong("first"));
    assertEquals(10, batches.get(2).getInt("count"));
    assertEquals(batches, wf.step("pack").sweep().points());

    assertEquals(Set.of("pack"), Set.copyOf(wf.step("train-linear").upstream()));
    assertEquals(Set.of("train-linear"), Set.copyOf(wf.step("screen").upstream()));
    assertTrue(wf.step("verify-prepare").sweep().isDynamic());

    // Function steps are versioned by the whole package's bytecode, not only by the defining class.
    assertTrue(AlloyScreening.CODE_VERSION.startsWith("alloy@"), AlloyScreening.CODE_VERSION);
    for (String step : List.of("prepare", "pack", "train-linear", "verify-compare")) {
      assertEquals(AlloyScreening.CODE_VERSION, ((Action.Function) wf.step(step).action()).version(), step);
    }
    assertEquals(AlloyScreening.CODE_VERSION + "+" + LinearSurrogate.class.getName(),
        ((Action.Function) wf.step("screen").action()).version());
    assertEquals("screen", wf.step("verify-relax").sweep().sourceStep());
  }
}
