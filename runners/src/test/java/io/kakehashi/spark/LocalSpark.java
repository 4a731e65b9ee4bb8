package io.kakehashi.spark;

import io.kakehashi.scripts.ProjectScripts;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real two-worker Spark standalone cluster on loopback, started once per JVM with
 * {@code scripts/spark-local.sh start} and stopped with {@code stop} when the test plan ends.
 * Declare {@code @ExtendWith(LocalSpark.class)} and take a {@link Cluster} parameter.
 *
 * <p>The daemons and executors get what a distribution's {@code lib/} would hold: the main
 * (not test) jars of this test's class path, with each module's {@code target/classes} packed into
 * a jar. No test class reaches an executor. Without the script (or when the cluster does not come
 * up) the tests are skipped with the reason, except under {@code CI=true} where that is a failure.
 */
public final class LocalSpark implements BeforeAllCallback, ParameterResolver {
  private static Object cluster;

  /** A running cluster: its master URL and the settings a session on it needs. */
  public record Cluster(String master, String ui, Path script, Path stateDir) {
    /** Session settings for this cluster: its master, no driver UI, executors that fit 1g workers. */
    public Map<String, String> settings() {
      return Map.of(SparkSessions.MASTER, master, "spark.ui.enabled", "false", "spark.executor.memory", "512m");
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Object c;
    synchronized (LocalSpark.class) {
      if (cluster == null) {
        cluster = start();
        if (cluster instanceof Cluster started) {
          // Stopped when the whole test plan is over, so that every class of this JVM shares it.
          context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(LocalSpark.class, new Stopper(started));
        }
      }
      c = cluster;
    }
    if (c instanceof String reason) {
      if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(reason);
      Assumptions.abort(reason);
    }
  }

  private static Object start() {
    Path script = ProjectScripts.find("spark-local.sh").orElse(null);
    if (script == null) return "scripts/spark-local.sh not found above " + System.getProperty("user.dir");
    try {
      Path state = Path.of("target", "spark-local").toAbsolutePath();
      Path lib = distributionLib(state.resolve("lib"));
      int port = freePort();
      int ui = freePort();
      String out = run(script, state, List.of("start", "--lib", lib.toString(), "--workers", "2", "--worker-cores", "1",
          "--worker-memory", "1g", "--port", Integer.toString(port), "--webui-port", Integer.toString(ui)));
      Map<String, String> env = new HashMap<>();
      for (String line : out.split("\n")) {
        if (!line.startsWith("export ")) continue;
        String kv = line.substring("export ".length());
        env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      return new Cluster(env.get("KAKEHASHI_SPARK_MASTER"), env.get("KAKEHASHI_SPARK_UI"), script, state);
    } catch (IOException | RuntimeException e) {
      return "no local Spark cluster: " + e.getMessage();
    }
  }

  /** Runs {@code stop} when JUnit closes the root store, at the end of the test plan. */
  private record Stopper(Cluster cluster) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      SparkSessions.stop();
      run(cluster.script(), cluster.stateDir(), List.of("stop"));
    }
  }

  /**
   * A distribution's {@code lib/}: the jars of the test class path (test jars left out) as links,
   * and each module's {@code target/classes} as a jar of its own.
   */
  private static Path distributionLib(Path lib) throws IOException {
    if (Files.exists(lib)) {
      try (Stream<Path> s = Files.list(lib)) {
        for (Path p : s.toList()) Files.delete(p);
      }
    }
    Files.createDirectories(lib);
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      String name = p.getFileName().toString();
      if (Files.isRegularFile(p) && name.endsWith(".jar") && !name.endsWith("-tests.jar")) {
        Path link = lib.resolve(name);
        if (!Files.exists(link)) Files.createSymbolicLink(link, p);
      } else if (Files.isDirectory(p) && name.equals("classes") && p.getParent().getFileName().toString().equals("target")) {
        jar(p, lib.resolve(p.getParent().getParent().getFileName() + "-classes.jar"));
      }
    }
    return lib;
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
         Stream<Path> s = Files.walk(classes)) {
      for (Path f : s.sorted().toList()) {
        String name = classes.relativize(f).toString().replace('\\', '/');
        if (name.isEmpty()) continue;
        if (Files.isDirectory(f)) {
          j.putNextEntry(new JarEntry(name + "/"));
        } else {
          j.putNextEntry(new JarEntry(name));
          Files.copy(f, j);
        }
        j.closeEntry();
      }
    }
  }

  private static String run(Path script, Path state, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(script.toString()));
    cmd.addAll(args);
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("KAKEHASHI_SPARK_DIR", state.resolve("state").toString());
      // The module openings Spark needs on Java 17, as this JVM got them from the build.
      pb.environment().put("KAKEHASHI_SPARK_JAVA_OPTS", String.join(" ", ManagementFactory.getRuntimeMXBean()
          .getInputArguments().stream().filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).toList()));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(script + " " + args + " did not end within 180 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(script + " " + args.get(0) + " failed with status " + p.exitValue()
            + " (see " + state.resolve("state/log") + ")");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(script + " could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Cluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return cluster;
  }
}
