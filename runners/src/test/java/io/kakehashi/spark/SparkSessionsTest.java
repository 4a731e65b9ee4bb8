package io.kakehashi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  @Test
  void embeddedByDefaultOnLoopbackWithoutUi() {
    Map<String, String> s = SparkSessions.settings(Map.of());
    assertEquals("local[*]", s.get("spark.master"));
    assertEquals("127.0.0.1", s.get("spark.driver.host"));
    assertEquals("127.0.0.1", s.get("spark.driver.bindAddress"));
    assertEquals("false", s.get("spark.ui.enabled"));
    assertEquals("4", s.get("spark.sql.shuffle.partitions"));
  }

  @Test
  void aConfiguredMasterReplacesTheEmbeddedDefaultsAndSparkKeysPassThrough() {
    Map<String, String> s = SparkSessions.settings(Map.of(
        "spark.master", "spark://head:7077",
        "spark.executor.memory", "8g",
        "slurm.url", "http://127.0.0.1:6820"));
    assertEquals("spark://head:7077", s.get("spark.master"));
    assertEquals("8g", s.get("spark.executor.memory"));
    assertFalse(s.containsKey("spark.driver.host"), "a cluster's executors must reach the driver by its real address");
    assertFalse(s.containsKey("slurm.url"), "only spark.* keys reach Spark");
  }

  @Test
  void executorsOfAClusterGetTheVectorApiWhenThisJvmHasIt() {
    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    Map<String, String> cluster = SparkSessions.settings(Map.of("spark.master", "spark://head:7077"));
    assertEquals(vector ? "--add-modules=jdk.incubator.vector" : null, cluster.get("spark.executor.extraJavaOptions"));
    assertFalse(SparkSessions.settings(Map.of()).containsKey("spark.executor.extraJavaOptions"), "local executors are this JVM");
    Map<String, String> own = SparkSessions.settings(Map.of("spark.master", "spark://head:7077",
        "spark.executor.extraJavaOptions", "-Xss4m"));
    assertEquals("-Xss4m", own.get("spark.executor.extraJavaOptions"), "the user's options win");
  }

  @Test
  void embeddedTellsThisJvmFromACluster() {
    SparkSessions.stop();
    try {
      SparkSessions.configure(Map.of());
      assertEquals("local[*]", SparkSessions.master());
      assertTrue(SparkSessions.embedded());
      SparkSessions.configure(Map.of("spark.master", "local[2]"));
      assertTrue(SparkSessions.embedded());
      SparkSessions.configure(Map.of("spark.master", "spark://head:7077"));
      assertEquals("spark://head:7077", SparkSessions.master(), "read from the settings: no session is started");
      assertFalse(SparkSessions.embedded());
    } finally {
      SparkSessions.configure(Map.of());
    }
  }

  @Test
  void oneSessionPerJvm() {
    assertSame(SparkSessions.shared(), SparkSessions.shared());
    assertEquals("kakehashi", SparkSessions.shared().sparkContext().appName());
  }
}
