package io.kakehashi.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowTest {
  @Test
  void stepsAreAMapInTopologicalOrder() {
    Step c = Step.command("c", "true").after("b").build();
    Step b = Step.command("b", "true").after("a").build();
    Step a = Step.command("a", "true").build();
    Workflow wf = Workflow.builder("order").step(c).step(b).step(a).build();

    Map<String, Step> steps = wf.steps();
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(steps.keySet()));
    assertEquals(List.of(a, b, c), new ArrayList<>(steps.values()));
    assertEquals(3, steps.size());
    assertSame(b, steps.get("b"));
    assertTrue(steps.containsKey("c"));
    assertNull(steps.get("nope"));
    assertFalse(steps.containsKey(42));
    assertEquals(Map.of("a", a, "b", b, "c", c), steps);
    assertThrows(UnsupportedOperationException.class, () -> steps.put("d", a));
    assertThrows(IllegalArgumentException.class, () -> wf.step("nope"));
  }

  @Test
  void upstreamListsInputsThenAfterThenTheSweepSourceEachOnce() {
    Step s = Step.command("s", "true")
        .input("in", Input.values("x"))
        .after("z", "x", "y", "z")
        .sweep(Sweep.fromValues("w", "points"))
        .build();
    assertEquals(List.of("x", "z", "y", "w"), s.upstream());
    assertEquals(List.of("z", "x", "y"), new ArrayList<>(s.after()));
    assertEquals(List.of("z", "y", "w"), s.wholeStepDependencies());
    assertEquals(s.upstream(), s.toBuilder().build().upstream());
  }
}
