package io.kakehashi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kakehashi.hdf5.Hdf5Fixtures;
import io.kakehashi.hdf5.Hdf5Options;
import io.kakehashi.hdf5.Hdf5Source;
import io.kakehashi.hdf5.SkippedFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The same HDF5 files read through a real Spark standalone cluster: a Master and a Worker started
 * from the Spark jars on the test class path, as child JVMs bound to 127.0.0.1. The executors get
 * our classes through {@code spark.executor.extraClassPath}; skipped files travel back from them
 * to the driver.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SparkStandaloneClusterTest {
  @TempDir static Path dir;
  static Process master;
  static Process worker;
  static JsonNode expected;

  @BeforeAll
  static void startCluster() throws Exception {
    Hdf5Fixtures.write(dir);
    expected = Hdf5Fixtures.expected(dir);
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> jvmOpens = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).toList();

    // The worker builds executor commands from SPARK_HOME: an empty one, the class path is given instead.
    Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
    Files.createDirectories(sparkHome.resolve("jars"));
    int masterPort = freePort();
    int masterUi = freePort();
    master = start("master", classPath, jvmOpens, sparkHome, List.of("org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUi)));
    worker = start("worker", classPath, jvmOpens, sparkHome, List.of("org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--cores", "2", "--memory", "1g", "--webui-port", Integer.toString(freePort()),
        "--work-dir", dir.resolve("worker").toString(), "spark://127.0.0.1:" + masterPort));
    awaitAliveWorker(masterUi);

    SparkSessions.stop(); // another test class may have started the embedded session in this JVM
    SparkSessions.configure(Map.of(
        SparkSessions.MASTER, "spark://127.0.0.1:" + masterPort,
        "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1",
        "spark.ui.enabled", "false",
        "spark.executor.memory", "512m",
        "spark.executor.extraClassPath", classPath,
        "spark.executor.extraJavaOptions", String.join(" ", jvmOpens)));
  }

  private static Process start(String name, String classPath, List<String> opens, Path sparkHome, List<String> main)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m"));
    cmd.addAll(opens);
    cmd.addAll(List.of("-cp", classPath));
    cmd.addAll(main);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Polls the master's JSON status page until the worker has registered. */
  private static void awaitAliveWorker(int masterUi) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertTrue(master.isAlive(), () -> "master exited: " + log("master"));
      assertTrue(worker.isAlive(), () -> "worker exited: " + log("worker"));
      try {
        String body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        if (body.contains("\"aliveworkers\" : 1") || body.contains("\"aliveworkers\":1")) return;
      } catch (IOException notYet) {
        // the master is still starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no worker registered in 120 s: " + log("worker"));
  }

  private static String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    try {
      SparkSessions.stop();
      SparkSessions.configure(Map.of());
    } finally {
      for (Process p : new Process[] {worker, master}) {
        if (p == null) continue;
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
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
}
