package io.kakehashi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kakehashi.hdf5.ReadMode;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ingest step as the DSL sees it; {@link IngestEngineTest} runs it. */
class IngestTest {
  @Test
  void aFunctionStepReadingTheGatheredFilesAndPublishingTheTable() {
    Step step = Ingest.step("ingest", Input.gather("relax", "batch.h5")).mode(ReadMode.SKIP).toStep().build();
    assertEquals("ingest", step.name());
    assertEquals(List.of(Ingest.TABLE), step.outputs());
    assertEquals(Input.gather("relax", "batch.h5"), step.inputs().get(Ingest.INPUT));
    assertEquals(List.of("relax"), List.copyOf(step.upstream()));

    IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
        () -> Ingest.step("ingest", Input.gatherValues("relax")));
    assertEquals("ingest step 'ingest': its input must name the upstream HDF5 file", noFile.getMessage());
  }

  @Test
  void theStepVersionCoversItsOptions() {
    Input in = Input.gather("relax", "batch.h5");
    String failfast = version(Ingest.step("ingest", in).toStep().build());
    String skip = version(Ingest.step("ingest", in).mode(ReadMode.SKIP).toStep().build());
    assertNotEquals(failfast, skip);
    assertEquals(skip, version(Ingest.step("ingest", in).mode(ReadMode.SKIP).toStep().build()));
    assertNotEquals(skip, version(Ingest.step("ingest", in).mode(ReadMode.SKIP).datasets("energy_per_atom").toStep()
        .build()));
  }

  private static String version(Step s) {
    return ((Action.Function) s.action()).version();
  }
}
