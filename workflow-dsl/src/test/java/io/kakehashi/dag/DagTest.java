package io.kakehashi.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Resources;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagTest {
  private static ValidationException invalid(Workflow.Builder b) {
    return assertThrows(ValidationException.class, b::build);
  }

  @Test
  void reportsTheCycleWithItsPath() {
    ValidationException e = invalid(Workflow.builder("loop")
        .step(Step.command("a", "true").after("c"))
        .step(Step.command("b", "true").after("a"))
        .step(Step.command("c", "true").after("b"))
        .step(Step.command("free", "true")));
    assertEquals(1, e.problems().size());
    String msg = e.problems().get(0).message();
    assertTrue(msg.startsWith("cycle: "), msg);
    // Any rotation of a -> b -> c -> a is the same cycle.
    assertTrue(List.of("cycle: a -> b -> c -> a", "cycle: b -> c -> a -> b", "cycle: c -> a -> b -> c").contains(msg), msg);
  }

  @Test
  void reportsEveryProblemNamingItsStep() {
    ValidationException e = invalid(Workflow.builder("broken")
        .step(Step.command("sim", "lmp", "-var", "x", "${x}", "-in", "${inputs.structure}")
            .sweep(Sweep.over("y", List.of(1, 2))))
        .step(Step.command("sim", "true"))
        .step(Step.command("post", "true").input("data", Input.of("simm", "out.h5")))
        .step(Step.command("empty", "true").sweep(Sweep.list(List.of())))
        .step(Step.mpi("mpi", 0, "lmp"))
        .step(Step.command("res", "true").resources(Resources.cores(1).withMemoryMb(-5))));
    String all = e.getMessage();
    assertTrue(all.contains("step 'sim': duplicate step name"), all);
    assertTrue(all.contains("step 'sim': argument '${x}' uses parameter 'x', which the sweep does not define"), all);
    assertTrue(all.contains("step 'sim': argument '${inputs.structure}' uses undeclared input 'structure'"), all);
    assertTrue(all.contains("step 'post': input 'data' reads step 'simm', which does not exist"), all);
    assertTrue(all.contains("step 'empty': sweep list has no points"), all);
    assertTrue(all.contains("step 'mpi': MPI ranks must be >= 1, got 0"), all);
    assertTrue(all.contains("step 'res': memory must be >= 0 MiB, got -5"), all);
  }

  @Test
  void flagsAmbiguousPointToPointInputs() {
    ValidationException e = invalid(Workflow.builder("ambiguous")
        .step(Step.command("a", "true").sweep(Sweep.over("i", List.of(1, 2, 3))).outputs("o"))
        .step(Step.command("b", "true").sweep(Sweep.over("j", List.of(1, 2))).input("in", Input.of("a", "o"))));
    assertTrue(e.getMessage().contains("is ambiguous: this step has 2 points and 'a' has 3; use Input.gather"), e.getMessage());
  }

  @Test
  void flagsAnInputOfAnUndeclaredOutput() {
    ValidationException e = invalid(Workflow.builder("outputs")
        .step(Step.command("a", "true").outputs("result.h5"))
        .step(Step.command("b", "true").input("in", Input.of("a", "result.hdf5"))));
    assertTrue(e.getMessage().contains("reads 'result.hdf5' but step 'a' declares only [result.h5]"), e.getMessage());
  }

  @Test
  void ordersStepsTopologically() {
    Workflow wf = Workflow.builder("order")
        .step(Step.command("c", "true").after("b"))
        .step(Step.command("b", "true").after("a"))
        .step(Step.command("a", "true"))
        .build();
    assertEquals(List.of("a", "b", "c"), List.copyOf(wf.steps().keySet()));
    assertEquals(List.of("b", "c").stream().sorted().toList(), wf.dag().descendantsOf("a").stream().sorted().toList());
  }
}
