package io.kakehashi.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kakehashi.spark.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

class Hdf5DataSourceTest {
  @TempDir static Path dir;
  static JsonNode expected;
  static SparkSession spark;

  @BeforeAll
  static void fixtures() throws Exception {
    Hdf5Fixtures.write(dir);
    expected = Hdf5Fixtures.expected(dir);
    spark = SparkSessions.shared();
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void readsContiguousAndChunkedFilesWithTheValuesH5pyWrote() {
    Dataset<Row> df = spark.read().format("hdf5").load(file("contiguous.h5"), file("chunked.h5"));

    assertEquals(List.of("candidate_id", "converged", "energy_per_atom", "label", "n_atoms", "occupation", "ratio",
        "source_file"), List.of(df.schema().fieldNames()));
    StructType s = df.schema();
    assertEquals(DataTypes.LongType, s.apply("candidate_id").dataType());
    assertEquals(DataTypes.BooleanType, s.apply("converged").dataType());
    assertEquals(DataTypes.DoubleType, s.apply("energy_per_atom").dataType());
    assertEquals(DataTypes.StringType, s.apply("label").dataType());
    assertEquals(DataTypes.IntegerType, s.apply("n_atoms").dataType());
    assertEquals(DataTypes.createArrayType(DataTypes.ByteType, false), s.apply("occupation").dataType());
    assertEquals(DataTypes.FloatType, s.apply("ratio").dataType());

    List<Row> rows = df.collectAsList();
    assertEquals(35, rows.size());
    assertRowsMatch(rows, Map.of("contiguous.h5", 10, "chunked.h5", 25));
  }

  /** Every value of every row equals what h5py wrote, row i of a file being dataset index i. */
  private static void assertRowsMatch(List<Row> rows, Map<String, Integer> counts) {
    Map<String, Integer> seen = new TreeMap<>();
    for (Row r : rows) {
      String name = dir.relativize(Path.of(r.<String>getAs("source_file"))).toString();
      JsonNode ds = expected.get(name).get("datasets");
      long id = r.getAs("candidate_id");
      int i = (int) (id - ds.get("candidate_id").get(0).asLong());
      assertEquals(ds.get("energy_per_atom").get(i).asDouble(), r.<Double>getAs("energy_per_atom"), 0.0, name);
      assertEquals(ds.get("n_atoms").get(i).asInt(), r.<Integer>getAs("n_atoms"), name);
      assertEquals((float) ds.get("ratio").get(i).asDouble(), r.<Float>getAs("ratio"), 0.0f, name);
      assertEquals(ds.get("converged").get(i).asBoolean(), r.<Boolean>getAs("converged"), name);
      if (ds.has("label")) assertEquals(ds.get("label").get(i).asText(), r.getAs("label"), name);
      List<Object> occupation = r.getList(r.fieldIndex("occupation"));
      List<Object> want = new ArrayList<>();
      ds.get("occupation").get(i).forEach(v -> want.add((byte) v.asInt()));
      assertEquals(want, occupation, name);
      seen.merge(name, 1, Integer::sum);
    }
    assertEquals(new TreeMap<>(counts), seen);
  }

  @Test
  void columnPruningReadsOnlyTheSelectedDatasets() {
    Dataset<Row> two = spark.read().format("hdf5").load(file("contiguous.h5")).select("candidate_id", "ratio");
    assertEquals(10, two.collectAsList().size());
    assertEquals(2, scanMetric(two, Hdf5Metrics.DATASETS_READ));
    assertEquals(10 * (8 + 4), scanMetric(two, Hdf5Metrics.BYTES_READ));

    Dataset<Row> all = spark.read().format("hdf5").load(file("contiguous.h5"));
    all.collectAsList();
    assertEquals(7, scanMetric(all, Hdf5Metrics.DATASETS_READ));

    Dataset<Row> none = spark.read().format("hdf5").load(file("contiguous.h5"), file("chunked.h5"));
    assertEquals(35, none.count());
  }

  private static long scanMetric(Dataset<Row> df, String name) {
    for (SparkPlan leaf : CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves())) {
      if (leaf instanceof BatchScanExec scan) return scan.metrics().apply(name).value();
    }
    throw new AssertionError("no batch scan in " + df.queryExecution().executedPlan());
  }

  @Test
  void largeFilesSplitIntoChunkAlignedRowRanges() {
    Dataset<Row> df = spark.read().format("hdf5")
        .option(Hdf5Options.MAX_PARTITION_BYTES, "20000")
        .option(Hdf5Options.BATCH_ROWS, "300")
        .load(dir.resolve("big").toString());
    int partitions = df.rdd().getNumPartitions();
    // 8+8+4+4+1+4 = 29 bytes a row: 20000 bytes is 689 rows, 500 in whole chunks of 250.
    assertEquals(10, partitions);
    List<Row> rows = df.collectAsList();
    assertEquals(5000, rows.size());
    assertRowsMatch(rows, Map.of("big/big.h5", 5000));
  }

  @Test
  void contiguousFilesSplitIntoRowRangesToo() {
    // 10 rows of about 45 bytes: 100-byte partitions hold 2 rows each.
    Dataset<Row> df = spark.read().format("hdf5").option(Hdf5Options.MAX_PARTITION_BYTES, "100")
        .load(file("contiguous.h5"));
    assertEquals(5, df.rdd().getNumPartitions());
    assertRowsMatch(df.collectAsList(), Map.of("contiguous.h5", 10));
  }

  @Test
  void rowReaderGivesTheSameRowsAsTheColumnarOne() throws Exception {
    Hdf5Options options = Hdf5Options.parse(Map.of(Hdf5Options.PATH, file("contiguous.h5")));
    List<Column> columns;
    try (FileLayout layout = FileLayout.open(dir.resolve("contiguous.h5"), "/")) {
      columns = layout.infer(options, new ArrayList<>());
    }
    Hdf5ReaderFactory factory = new Hdf5ReaderFactory(options, columns, columns, file("contiguous.h5"),
        ReportAccumulator.skippedFiles(), null);
    try (var reader = factory.createReader(new Hdf5Partition(List.of(FileRange.whole(file("contiguous.h5")))))) {
      JsonNode ids = expected.get("contiguous.h5").get("datasets").get("candidate_id");
      int n = 0;
      while (reader.next()) {
        assertEquals(ids.get(n).asLong(), reader.get().getLong(0));
        assertEquals(file("contiguous.h5"), reader.get().getUTF8String(columns.size() - 1).toString());
        n++;
      }
      assertEquals(10, n);
    }
  }

  @Test
  void nestedGroupWithAttributesOfEveryLevel() {
    Dataset<Row> df = spark.read().format("hdf5")
        .option(Hdf5Options.GROUP, "/level1/level2/level3")
        .option(Hdf5Options.ATTRIBUTES, "true")
        .load(file("nested.h5"));
    assertEquals(List.of("x", "y", "campaign", "step", "temperature", "source_file"), List.of(df.schema().fieldNames()));
    JsonNode want = expected.get("nested.h5");
    List<Row> rows = df.orderBy("y").collectAsList();
    assertEquals(7, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertEquals(want.get("datasets").get("x").get(i).asDouble(), r.<Double>getAs("x"), 0.0);
      assertEquals(want.get("datasets").get("y").get(i).asLong(), r.<Long>getAs("y"));
      assertEquals("alloy", r.getAs("campaign"));
      assertEquals(42L, r.<Long>getAs("step"));
      assertEquals(1200.0, r.<Double>getAs("temperature"), 0.0, "the innermost group's value wins");
    }
  }

  @Test
  void datasetsOptionAndGlobs() {
    Dataset<Row> df = spark.read().format("hdf5")
        .option(Hdf5Options.DATASETS, "candidate_id, occupation")
        .load(dir + "/{contiguous,chunked}.h5");
    assertEquals(List.of("candidate_id", "occupation", "source_file"), List.of(df.schema().fieldNames()));
    assertEquals(35, df.count());
  }

  @Test
  void aSchemaGivenByTheUserPicksTheDatasets() {
    Dataset<Row> df = spark.read().format("hdf5")
        .schema("candidate_id BIGINT, occupation ARRAY<TINYINT>, source_file STRING")
        .load(file("contiguous.h5"), file("chunked.h5"));
    List<Row> rows = df.orderBy("candidate_id").collectAsList();
    assertEquals(35, rows.size());
    assertEquals(expected.get("contiguous.h5").get("datasets").get("occupation").get(0).get(3).asInt(),
        ((Number) rows.get(0).getList(1).get(3)).intValue());

    Exception wrongType = assertThrows(Exception.class, () -> spark.read().format("hdf5")
        .schema("candidate_id DOUBLE").load(file("contiguous.h5")).collectAsList());
    String m = rootMessage(wrongType);
    assertTrue(m.contains("/candidate_id") && m.contains("the schema given to the reader"), m);
  }

  @Test
  void conflictingSchemasNameBothFilesAndTheDataset() {
    Dataset<Row> df = spark.read().format("hdf5").load(file("contiguous.h5"), file("mismatch.h5"));
    Exception e = assertThrows(Exception.class, df::collectAsList);
    String m = rootMessage(e);
    assertTrue(m.contains("mismatch.h5") && m.contains("contiguous.h5") && m.contains("/energy_per_atom")
        && m.contains("conflicting schemas"), m);
  }

  @Test
  void failfastNamesTheFileAndTheDataset() {
    Exception ragged = assertThrows(Exception.class,
        () -> spark.read().format("hdf5").load(file("contiguous.h5"), file("ragged.h5")).count());
    String m = rootMessage(ragged);
    assertTrue(m.contains("ragged.h5") && m.contains("ragged") && m.contains("/energy_per_atom"), m);

    Exception notHdf5 = assertThrows(Exception.class, () -> spark.read().format("hdf5").load(file("not_hdf5.h5")));
    assertTrue(rootMessage(notHdf5).contains("not_hdf5.h5"), rootMessage(notHdf5));

    Exception badOption = assertThrows(IllegalArgumentException.class,
        () -> spark.read().format("hdf5").option("mode", "lenient").load(file("contiguous.h5")));
    assertTrue(badOption.getMessage().contains("'mode'"), badOption.getMessage());
  }

  @Test
  void skipModeReportsEachBadFileWithItsReason() {
    Dataset<Row> df = spark.read().format("hdf5").option(Hdf5Options.MODE, "skip")
        .load(file("not_hdf5.h5"), file("contiguous.h5"), file("truncated.h5"), file("ragged.h5"),
            file("mismatch.h5"));
    assertEquals(10, df.count());
    Map<String, String> reasons = new TreeMap<>();
    for (SkippedFile s : Hdf5Source.skippedFiles(df)) reasons.put(Path.of(s.path()).getFileName().toString(), s.reason());
    assertEquals(List.of("mismatch.h5", "not_hdf5.h5", "ragged.h5", "truncated.h5"), List.copyOf(reasons.keySet()));
    assertTrue(reasons.get("mismatch.h5").contains("conflicting schemas"), reasons.toString());
    assertTrue(reasons.get("not_hdf5.h5").contains("not a readable HDF5 file"), reasons.toString());
    assertTrue(reasons.get("ragged.h5").contains("ragged"), reasons.toString());
    assertTrue(reasons.get("truncated.h5").contains("truncated"), reasons.toString());
  }

  @Test
  void corruptDataInsideAWholeFileIsFoundWhenRead() {
    Exception e = assertThrows(Exception.class, () -> spark.read().format("hdf5")
        .option(Hdf5Options.BATCH_ROWS, "4").load(file("corrupt.h5")).select("energy_per_atom").collectAsList());
    String m = rootMessage(e);
    assertTrue(m.contains("corrupt.h5") && m.contains("/energy_per_atom") && m.contains("cannot read rows 8..12"), m);

    Dataset<Row> df = spark.read().format("hdf5").option(Hdf5Options.MODE, "skip")
        .option(Hdf5Options.BATCH_ROWS, "4").load(file("contiguous.h5"), file("corrupt.h5"));
    // Two whole chunks (8 rows) had been handed to Spark before the bad one: kept, and said so.
    assertEquals(18, df.select("energy_per_atom").collectAsList().size());
    List<SkippedFile> skipped = Hdf5Source.skippedFiles(df);
    assertEquals(1, skipped.size());
    assertTrue(skipped.get(0).reason().contains("after 8 rows from 0, which were kept"), skipped.toString());
  }

  @Test
  void datasetsThatOnlyLaterFilesHaveAreReportedNotDroppedSilently() {
    Dataset<Row> df = spark.read().format("hdf5").load(file("contiguous.h5"), file("extra.h5"));
    assertEquals(13, df.count());
    Map<String, String> omitted = new TreeMap<>();
    for (OmittedDataset o : Hdf5Source.omittedDatasets(df)) {
      assertEquals(file("extra.h5"), o.file(), o.toString());
      omitted.put(o.dataset(), o.reason());
    }
    assertEquals(List.of("/pressure", "/stress"), List.copyOf(omitted.keySet()));
    assertTrue(omitted.get("/pressure").contains("inferred from " + file("contiguous.h5")), omitted.toString());
    assertTrue(omitted.get("/stress").contains("3 dimensions"), omitted.toString());

    // Datasets named in the options are a choice, not an omission.
    Dataset<Row> named = spark.read().format("hdf5").option(Hdf5Options.DATASETS, "candidate_id")
        .load(file("contiguous.h5"), file("extra.h5"));
    assertEquals(13, named.count());
    assertEquals(List.of(), Hdf5Source.omittedDatasets(named));
  }

  static String rootMessage(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) sb.append(t.getMessage()).append(" | ");
    return sb.toString();
  }
}
