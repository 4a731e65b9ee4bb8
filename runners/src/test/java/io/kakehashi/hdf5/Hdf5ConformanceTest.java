package io.kakehashi.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kakehashi.spark.SparkSessions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Conformance with the reference library: {@code conformance.py} writes one file per case with
 * h5py (every element type in both byte orders, compact/contiguous/chunked layouts, every chunk
 * index, filters, filter masks, fill values of storage never written, links, userblocks) and
 * dumps what h5py reads back. Each case is read through the data source and compared value for
 * value (floats as raw bits); refusals and damaged files must fail naming the file.
 */
class Hdf5ConformanceTest {
  @TempDir static Path dir;
  static List<JsonNode> cases;
  static SparkSession spark;

  @BeforeAll
  static void writeCases() throws Exception {
    Hdf5Fixtures.run("conformance.py", dir);
    cases = new ArrayList<>();
    new ObjectMapper().readTree(dir.resolve("conformance.json").toFile()).get("cases").forEach(cases::add);
    spark = SparkSessions.shared();
  }

  @TestFactory
  Stream<DynamicTest> everyCaseReadsAsH5pyReadsIt() {
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("name").asText() + " (" + c.get("covers").asText()
        + ")", () -> {
          if (c.get("expect").asText().equals("values")) {
            checkValues(c);
          } else {
            checkError(c);
          }
        }));
  }

  @Test
  void skipModeLeavesOutFilesJhdfCannotOpenWhetherTheSchemaComesFromThemOrNot() {
    // external_storage.h5 comes first (paths are sorted): the schema is inferred from int8_le.h5.
    var df = spark.read().format("hdf5").option(Hdf5Options.MODE, "skip")
        .load(file("external_storage.h5"), file("int8_le.h5"), file("virtual.h5"));
    assertEquals(11, df.count());
    Map<String, String> reasons = new TreeMap<>();
    for (SkippedFile s : Hdf5Source.skippedFiles(df)) reasons.put(Path.of(s.path()).getFileName().toString(), s.reason());
    assertEquals(List.of("external_storage.h5", "virtual.h5"), List.copyOf(reasons.keySet()));
    assertTrue(reasons.get("external_storage.h5").contains("dataset '/ext'"), reasons.toString());
    assertTrue(reasons.get("virtual.h5").contains("Virtual storage is not supported"), reasons.toString());
  }

  @Test
  void whatTheSchemaLeavesOutIsReportedWithTheReason() {
    var df = spark.read().format("hdf5").load(file("unsupported.h5"));
    Map<String, String> omitted = new TreeMap<>();
    for (OmittedDataset o : Hdf5Source.omittedDatasets(df)) {
      assertEquals(file("unsupported.h5"), o.file());
      omitted.put(o.dataset(), o.reason());
    }
    assertEquals(List.of("/array_type", "/compound", "/cube", "/refs", "/scalar"), List.copyOf(omitted.keySet()));
    assertTrue(omitted.get("/cube").contains("3 dimensions"), omitted.toString());
    assertTrue(omitted.get("/compound").contains("CompoundDataType"), omitted.toString());
    assertTrue(omitted.get("/scalar").contains("scalar"), omitted.toString());

    // Asking for such a dataset by name is an error that names it.
    Exception e = assertThrows(Exception.class, () -> spark.read().format("hdf5")
        .option(Hdf5Options.DATASETS, "ok,cube").load(file("unsupported.h5")));
    String m = Hdf5DataSourceTest.rootMessage(e);
    assertTrue(m.contains("unsupported.h5") && m.contains("dataset '/cube'") && m.contains("3 dimensions"), m);
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  private static DataFrameReader reader(JsonNode c) {
    DataFrameReader r = spark.read().format("hdf5");
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("options").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> o = it.next();
      r = r.option(o.getKey(), o.getValue().asText());
    }
    return r;
  }

  private static void checkValues(JsonNode c) {
    String file = dir.resolve(c.get("file").asText()).toString();
    var df = reader(c).option(Hdf5Options.GROUP, c.get("group").asText()).load(file);
    JsonNode columns = c.get("columns");

    // Exactly the expected columns: nothing added, nothing silently left out.
    TreeSet<String> want = new TreeSet<>();
    columns.fieldNames().forEachRemaining(want::add);
    TreeSet<String> got = new TreeSet<>(List.of(df.schema().fieldNames()));
    got.remove(Hdf5Source.SOURCE_FILE_COLUMN);
    assertEquals(want, got, "columns of " + file);

    List<String> names = new ArrayList<>(want);
    List<Row> rows = df.select(names.get(0), names.subList(1, names.size()).toArray(String[]::new)).collectAsList();
    for (int col = 0; col < names.size(); col++) {
      String name = names.get(col);
      JsonNode expected = columns.get(name);
      StructField field = df.schema().apply(name);
      assertEquals(expected.get("type").asText(), field.dataType().simpleString(), "type of " + name);
      JsonNode values = expected.get("values");
      assertEquals(values.size(), rows.size(), "rows of " + name);
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(text(values.get(i)), text(rows.get(i).get(col)), name + "[" + i + "] in " + file);
      }
    }
  }

  /** h5py's value as the script wrote it: floats as hex bits, unsigned 64-bit integers as decimal strings. */
  private static Object text(JsonNode v) {
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      v.forEach(e -> out.add(text(e)));
      return out;
    }
    return v.isTextual() ? v.asText() : v.toString();
  }

  /** Spark's value in the same form. */
  private static Object text(Object v) {
    if (v instanceof Seq<?> s) {
      List<Object> out = new ArrayList<>();
      CollectionConverters.asJava(s).forEach(e -> out.add(text(e)));
      return out;
    }
    if (v instanceof Double d) return String.format("%016x", Double.doubleToRawLongBits(d));
    if (v instanceof Float f) return String.format("%08x", Float.floatToRawIntBits(f));
    if (v instanceof BigDecimal d) return d.toBigIntegerExact().toString();
    return String.valueOf(v);
  }

  private static void checkError(JsonNode c) {
    String file = dir.resolve(c.get("file").asText()).toString();
    Exception e = assertThrows(Exception.class, () -> reader(c).load(file).collectAsList(), file);
    String m = Hdf5DataSourceTest.rootMessage(e);
    for (JsonNode part : c.get("contains")) {
      assertTrue(m.contains(part.asText()), "'" + part.asText() + "' not in: " + m);
    }
  }
}
