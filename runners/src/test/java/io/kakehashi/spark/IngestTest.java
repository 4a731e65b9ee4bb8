package io.kakehashi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.hdf5.Hdf5Fixtures;
import io.kakehashi.hdf5.ReadMode;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.StepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
  @TempDir Path dir;

  @Test
  void gathersBatchFilesIntoOneParquetTableAndRecordsRowsSchemaAndSkips() throws Exception {
    Hdf5Fixtures.write(dir);
    Step step = Ingest.step("ingest", Input.gather("relax", "batch.h5")).mode(ReadMode.SKIP).toStep().build();
    assertEquals(List.of(Ingest.TABLE), step.outputs());
    assertEquals(Input.gather("relax", "batch.h5"), step.inputs().get(Ingest.INPUT));

    Point point = new Point(dir.resolve("work"),
        List.of(dir.resolve("contiguous.h5"), dir.resolve("chunked.h5"), dir.resolve("truncated.h5")));
    ((Action.Function) step.action()).function().run(point);

    Path table = point.workDir().resolve(Ingest.TABLE);
    assertTrue(Files.isDirectory(table));
    assertFalse(Files.exists(point.workDir().resolve("." + Ingest.TABLE + ".partial")));
    assertEquals(35L, point.values.get(Ingest.ROWS));
    assertEquals(3, point.values.get(Ingest.FILES));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> schema = (List<Map<String, Object>>) point.values.get(Ingest.SCHEMA);
    assertEquals(Map.of("name", "occupation", "type", "array<tinyint>"), schema.get(5));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> skipped = (List<Map<String, Object>>) point.values.get(Ingest.SKIPPED);
    assertEquals(1, skipped.size());
    assertEquals(dir.resolve("truncated.h5").toString(), skipped.get(0).get("path"));
    assertTrue(skipped.get(0).get("reason").toString().contains("truncated"), skipped.toString());

    Dataset<Row> back = Ingest.read(table);
    assertEquals(35, back.count());
    assertEquals(4, back.selectExpr("size(occupation) AS n").distinct().first().getInt(0));
  }

  @Test
  void theStepVersionCoversItsOptions() {
    Input in = Input.gather("relax", "batch.h5");
    String failfast = version(Ingest.step("ingest", in).toStep().build());
    String skip = version(Ingest.step("ingest", in).mode(ReadMode.SKIP).toStep().build());
    assertNotEquals(failfast, skip);
    assertEquals(skip, version(Ingest.step("ingest", in).mode(ReadMode.SKIP).toStep().build()));
  }

  private static String version(Step s) {
    return ((Action.Function) s.action()).version();
  }

  /** One point of the ingest step, as the engine would present it. */
  private static final class Point implements StepContext {
    private final Path workDir;
    private final List<Path> files;
    final Map<String, Object> values = new LinkedHashMap<>();

    Point(Path workDir, List<Path> files) {
      this.workDir = workDir;
      this.files = files;
    }

    @Override
    public String stepName() {
      return "ingest";
    }

    @Override
    public int pointIndex() {
      return 0;
    }

    @Override
    public Params params() {
      return Params.EMPTY;
    }

    @Override
    public Path workDir() {
      try {
        return Files.createDirectories(workDir);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public List<Path> inputFiles(String name) {
      assertEquals(Ingest.INPUT, name);
      return files;
    }

    @Override
    public Path inputFile(String name) {
      throw new IllegalStateException("input '" + name + "' has " + files.size() + " files");
    }

    @Override
    public List<Map<String, Object>> inputValues(String name) {
      return List.of();
    }

    @Override
    public List<Params> inputParams(String name) {
      return List.of();
    }

    @Override
    public void value(String key, Object value) {
      values.put(key, value);
    }

    @Override
    public void progress(double fraction) {}
  }
}
