package io.kakehashi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kakehashi.hdf5.Hdf5Fixtures;
import io.kakehashi.hdf5.Hdf5Options;
import io.kakehashi.hdf5.Hdf5Source;
import io.kakehashi.hdf5.SkippedFile;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same HDF5 files read through a real Spark standalone cluster: the master and two workers of
 * {@code scripts/spark-local.sh} ({@link LocalSpark}), whose executors load our classes from the
 * jars a distribution's {@code lib/} holds, not from the test class path; skipped files travel
 * back from them to the driver.
 */
@ExtendWith(LocalSpark.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SparkStandaloneClusterTest {
  @TempDir static Path dir;
  static JsonNode expected;

  @BeforeAll
  static void useCluster(LocalSpark.Cluster cluster) throws Exception {
    Hdf5Fixtures.write(dir);
    expected = Hdf5Fixtures.expected(dir);
    SparkSessions.stop(); // another test class may have started the embedded session in this JVM
    SparkSessions.configure(cluster.settings());
  }

  @AfterAll
  static void embeddedAgain() {
    SparkSessions.stop();
    SparkSessions.configure(Map.of());
  }

  @Test
  void readsTheSameValuesOnExecutorsAndReportsSkippedFilesToTheDriver() {
    SparkSession spark = SparkSessions.shared();
    assertTrue(spark.sparkContext().master().startsWith("spark://127.0.0.1:"));

    Dataset<Row> df = spark.read().format("hdf5").option(Hdf5Options.MODE, "skip")
        .load(dir.resolve("contiguous.h5").toString(), dir.resolve("chunked.h5").toString(),
            dir.resolve("truncated.h5").toString());
    List<Row> rows = df.select("candidate_id", "energy_per_atom", "source_file").collectAsList();
    assertEquals(35, rows.size());
    for (Row r : rows) {
      JsonNode ds = expected.get(Path.of(r.getString(2)).getFileName().toString()).get("datasets");
      int i = (int) (r.getLong(0) - ds.get("candidate_id").get(0).asLong());
      assertEquals(ds.get("energy_per_atom").get(i).asDouble(), r.getDouble(1), 0.0);
    }

    List<SkippedFile> skipped = Hdf5Source.skippedFiles(df);
    assertEquals(1, skipped.size(), skipped::toString);
    assertTrue(skipped.get(0).path().endsWith("truncated.h5") && skipped.get(0).reason().contains("truncated"));
    assertTrue(spark.sparkContext().statusTracker().getExecutorInfos().length > 1, "a remote executor ran");
  }

  @Test
  void doctorSeesTheMasterItsWorkersAndCores(LocalSpark.Cluster cluster) throws Exception {
    String ui = Integer.toString(URI.create(cluster.ui()).getPort());
    List<SparkDoctor.Finding> found = SparkDoctor.check(Map.of(SparkSessions.MASTER, cluster.master(), SparkDoctor.UI_PORT, ui));
    assertTrue(found.stream().allMatch(SparkDoctor.Finding::ok), found::toString);
    assertEquals(List.of("master", "workers", "cores"), found.stream().map(SparkDoctor.Finding::check).toList());
    assertTrue(found.get(1).detail().startsWith("2 alive"), found::toString);
    assertTrue(found.get(2).detail().startsWith("2 "), found::toString);

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    List<SparkDoctor.Finding> down = SparkDoctor.check(Map.of(SparkSessions.MASTER, "spark://127.0.0.1:" + closed));
    assertEquals(1, down.size(), down::toString);
    assertTrue(!down.get(0).ok() && down.get(0).detail().contains("does not accept connections"), down::toString);
    assertEquals(List.of(), SparkDoctor.check(Map.of(SparkSessions.MASTER, "local[*]")));
  }
}
