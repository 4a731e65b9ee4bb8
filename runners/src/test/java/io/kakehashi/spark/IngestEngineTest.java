package io.kakehashi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.event.RunState;
import io.kakehashi.hdf5.Hdf5Fixtures;
import io.kakehashi.hdf5.ReadMode;
import io.kakehashi.store.PointRecord;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest step inside a real engine run: a swept step's batch files become one Parquet table. */
class IngestEngineTest {
  @TempDir static Path fixtures;
  @TempDir Path dir;

  /** Each point of "relax" publishes one batch file, as a LAMMPS batch job would. */
  static Workflow campaign(Path fixtures) {
    List<String> batches = List.of("contiguous.h5", "chunked.h5", "truncated.h5");
    return Workflow.builder("ingest-campaign")
        .step(Step.function("relax", ctx -> Files.copy(
                fixtures.resolve(batches.get(ctx.params().getInt("batch"))), ctx.workDir().resolve("batch.h5")))
            .sweep(Sweep.over("batch", List.of(0, 1, 2)))
            .outputs("batch.h5")
            .version("v1"))
        .step(Ingest.step("ingest", Input.gather("relax", "batch.h5")).mode(ReadMode.SKIP).toStep())
        .build();
  }

  @Test
  void ingestsTheBatchesOfASweepAndIsCachedOnTheNextRun() throws Exception {
    Hdf5Fixtures.write(fixtures);
    try (var f = TestEngines.create(dir)) {
      RunOutcome first = f.engine().run(campaign(fixtures), "test", Map.of());
      assertEquals(RunState.SUCCEEDED, first.state(), first.failures().toString());

      Map<String, Object> values = f.store().values(first.runId(), "ingest").get(0);
      assertEquals(35L, ((Number) values.get(Ingest.ROWS)).longValue());
      assertEquals(3L, ((Number) values.get(Ingest.FILES)).longValue());
      List<?> skipped = (List<?>) values.get(Ingest.SKIPPED);
      assertEquals(1, skipped.size());
      assertTrue(skipped.get(0).toString().contains("truncated"), skipped.toString());

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> schema = (List<Map<String, Object>>) values.get(Ingest.SCHEMA);
      assertEquals(Map.of("name", "occupation", "type", "array<tinyint>"), schema.get(5));
      assertEquals(Map.of("name", "source_file", "type", "string"), schema.get(7));

      Path workDir = f.store().points(first.runId()).stream()
          .filter(p -> p.key().step().equals("ingest")).map(PointRecord::workDir).map(Path::of)
          .findFirst().orElseThrow();
      assertTrue(Files.isDirectory(workDir.resolve(Ingest.TABLE)));
      assertFalse(Files.exists(workDir.resolve("." + Ingest.TABLE + ".partial")));
      Dataset<Row> table = Ingest.read(workDir.resolve(Ingest.TABLE));
      assertEquals(35, table.count());
      assertEquals(List.of(4), table.selectExpr("size(occupation)").distinct().as(Encoders.INT()).collectAsList());

      RunOutcome second = f.engine().run(campaign(fixtures), "test", Map.of());
      assertEquals(4, second.cached(), "nothing is ingested twice");
    }
  }
}
