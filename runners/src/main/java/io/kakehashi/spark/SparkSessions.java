package io.kakehashi.spark;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of this JVM, created on first use. Embedded ({@code local[*]}, driver on
 * 127.0.0.1, no UI) unless {@code spark.master} is configured; every {@code spark.*} setting is
 * passed through, so pointing a campaign at a Spark cluster is configuration, not code.
 *
 * <pre>{@code
 * SparkSessions.configure(Map.of("spark.master", "spark://head:7077", "spark.executor.memory", "8g"));
 * SparkSession spark = SparkSessions.shared();
 * }</pre>
 *
 * <p>Settings come, lowest first, from the embedded defaults, {@code -Dspark.*} system
 * properties, and {@link #configure}.
 */
public final class SparkSessions {
  /** The key that selects a cluster instead of the embedded session. */
  public static final String MASTER = "spark.master";
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static Map<String, String> configured = Map.of();
  private static SparkSession session;
  private static Map<String, String> sessionSettings;

  private SparkSessions() {}

  /**
   * Sets the configuration the shared session is created with; keys other than {@code spark.*}
   * are ignored, so an engine can pass its whole configuration. An error if a session with other
   * settings is already running: {@link #stop()} it first.
   */
  public static synchronized void configure(Map<String, String> config) {
    Map<String, String> next = Map.copyOf(Objects.requireNonNull(config, "config"));
    if (session != null && !settings(next).equals(sessionSettings)) {
      throw new IllegalStateException("a Spark session with other settings is running in this JVM ("
          + sessionSettings.get(MASTER) + "); stop it before configuring " + settings(next).get(MASTER));
    }
    configured = next;
  }

  /** The shared session, created with the configured settings on first call. */
  public static synchronized SparkSession shared() {
    if (session == null || session.sparkContext().isStopped()) {
      Map<String, String> s = settings(configured);
      SparkConf conf = new SparkConf(false);
      s.forEach(conf::set);
      session = SparkSession.builder().config(conf).getOrCreate();
      sessionSettings = s;
    }
    return session;
  }

  /**
   * The master the shared session runs (or will run) on, e.g. {@code local[*]} or
   * {@code spark://head:7077}, without starting it.
   */
  public static synchronized String master() {
    return session != null ? sessionSettings.get(MASTER) : settings(configured).get(MASTER);
  }

  /** Whether {@link #master()} is this JVM ({@code local}, {@code local[N]}, {@code local[*]}...). */
  public static boolean embedded() {
    String m = master();
    return m.equals("local") || m.startsWith("local[") || m.startsWith("local-");
  }

  /** Stops the shared session, if any; the next {@link #shared()} starts a new one. */
  public static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
      sessionSettings = null;
    }
  }

  private static boolean loopbackMaster(String master) {
    if (master == null || !master.startsWith("spark://")) return false;
    String host = master.substring("spark://".length()).replaceFirst(":.*", "");
    return host.equals("localhost") || host.startsWith("127.");
  }

  /** The settings a session made from {@code config} gets (defaults, then system properties, then config). */
  public static Map<String, String> settings(Map<String, String> config) {
    Map<String, String> given = new TreeMap<>();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("spark.")) given.put(k.toString(), v.toString());
    });
    config.forEach((k, v) -> {
      if (k.startsWith("spark.")) given.put(k, v);
    });
    Map<String, String> s = new TreeMap<>();
    s.put("spark.app.name", "kakehashi");
    if (!given.containsKey(MASTER)) {
      // Embedded: this machine only, on loopback (the host name may not resolve), no UI port to clash.
      s.put(MASTER, "local[*]");
      s.put("spark.driver.host", "127.0.0.1");
      s.put("spark.driver.bindAddress", "127.0.0.1");
      s.put("spark.ui.enabled", "false");
      s.put("spark.sql.shuffle.partitions", "4");
    }
    if (loopbackMaster(given.get(MASTER)) && !given.containsKey("spark.driver.host")) {
      // A master on loopback (scripts/spark-local.sh) has its executors on this machine: they
      // reach the driver on 127.0.0.1 whatever the host name resolves to.
      s.put("spark.driver.host", "127.0.0.1");
      s.put("spark.driver.bindAddress", "127.0.0.1");
    }
    if (!given.getOrDefault(MASTER, "local").startsWith("local") && ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
      // Executors on other JVMs get the Vector API when this one has it: the surrogate's kernels
      // use it where it is present and are several times slower without it.
      s.put("spark.executor.extraJavaOptions", "--add-modules=" + VECTOR_MODULE);
    }
    s.putAll(given);
    return Map.copyOf(s);
  }
}
