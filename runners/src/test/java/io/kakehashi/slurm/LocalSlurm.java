package io.kakehashi.slurm;

import io.kakehashi.scripts.ProjectScripts;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real Slurm on loopback, started once per JVM with {@code scripts/slurm-local.sh
 * start} (which reuses a cluster that already runs). Declare {@code @ExtendWith(LocalSlurm.class)}
 * and take a {@link Cluster} parameter; {@code @LocalSlurm.Version("24.11")} or {@code "26.05"}
 * picks a chroot cluster. Without Slurm the tests are skipped with the reason, except under {@code CI=true}
 * where that is a failure.
 */
public final class LocalSlurm implements BeforeAllCallback, ParameterResolver {
  private static final Map<String, Object> CLUSTERS = new ConcurrentHashMap<>();

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Version {
    String value();
  }

  /** A running cluster: where its REST API listens and how to get a token. */
  public record Cluster(String version, Path script, String url, ApiVersion api, List<String> tokenCommand,
                        Path slurmConf) {
    /** Executor configuration for this cluster with fast polling, plus {@code extra}. */
    public SlurmConfig config(Map<String, String> extra) {
      return SlurmConfig.from(settings(extra), Map.of());
    }

    /** The same as {@code slurm.*} settings would give it (keys without the prefix). */
    public Map<String, String> settings(Map<String, String> extra) {
      Map<String, String> m = new HashMap<>(Map.of("url", url, "user", "root",
          "token-command", String.join(" ", tokenCommand), "poll-interval", "300ms",
          "max-poll-interval", "1s", "default-time-limit", "5m"));
      m.putAll(extra);
      return m;
    }

    public SlurmClient client() {
      return SlurmClient.builder(url).user("root").tokens(TokenSource.command(tokenCommand))
          .retries(3, Duration.ofMillis(200)).build();
    }

    public SlurmExecutor executor(Map<String, String> extra) {
      SlurmConfig c = config(extra);
      return new SlurmExecutor(c, SlurmExecutorFactory.client(c, Map.of()),
          Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"));
    }

    /** Runs the project script ({@code start}, {@code status}...) for this cluster's version. */
    public String run(String command) {
      return LocalSlurm.run(script, command, version);
    }

    /**
     * Stops one daemon ({@code slurmrestd}, {@code slurmctld}...) by its pid file, the others keep
     * running; {@code run("start")} brings it back on the same port with its state.
     */
    public void stop(String daemon) throws Exception {
      Path pidFile = slurmConf.getParent().getParent().resolve("run").resolve(daemon + ".pid");
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
      h.destroy();
      h.onExit().get(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String version = context.getRequiredTestClass().isAnnotationPresent(Version.class)
        ? context.getRequiredTestClass().getAnnotation(Version.class).value() : "22.05";
    Object c = CLUSTERS.computeIfAbsent(version, LocalSlurm::start);
    if (c instanceof String reason) {
      if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(reason);
      Assumptions.abort(reason);
    }
  }

  private static Object start(String version) {
    Path script = ProjectScripts.find("slurm-local.sh").orElse(null);
    if (script == null) return "scripts/slurm-local.sh not found above " + System.getProperty("user.dir");
    try {
      String out = run(script, "start", version);
      Map<String, String> env = new HashMap<>();
      for (String line : out.split("\n")) {
        if (!line.startsWith("export ")) continue;
        String kv = line.substring("export ".length());
        int eq = kv.indexOf('=');
        String v = kv.substring(eq + 1);
        if (v.startsWith("'") && v.endsWith("'")) v = v.substring(1, v.length() - 1);
        env.put(kv.substring(0, eq), v);
      }
      return new Cluster(version, script, env.get("KAKEHASHI_SLURM_URL"),
          ApiVersion.parse(env.get("KAKEHASHI_SLURM_API")),
          List.of(env.get("KAKEHASHI_SLURM_TOKEN_COMMAND").split(" ")), Path.of(env.get("SLURM_CONF")));
    } catch (RuntimeException e) {
      return "no local Slurm " + version + ": " + e.getMessage();
    }
  }

  private static String run(Path script, String command, String version) {
    try {
      Process p = new ProcessBuilder(script.toString(), command, "--version", version)
          .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // A first start debootstraps a chroot: 26.05's (sid) took 4.5 minutes on a busy 2-core machine.
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(script + " " + command + " did not end within 600 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(script + " " + command + " --version " + version
            + " failed with status " + p.exitValue() + " (see .kakehashi/slurm-" + version + "/log)");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(script + " could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Cluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    String version = e.getRequiredTestClass().isAnnotationPresent(Version.class)
        ? e.getRequiredTestClass().getAnnotation(Version.class).value() : "22.05";
    return CLUSTERS.get(version);
  }
}
