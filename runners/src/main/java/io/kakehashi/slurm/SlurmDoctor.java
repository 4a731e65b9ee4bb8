package io.kakehashi.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that the Slurm executor can work: the server answers, the token is accepted, an API
 * version both sides speak, the controller is up, the configured partition exists, and then that
 * a job can do a step's work: a probe job, submitted as runs submit theirs, finds {@code lmp} and
 * the MPI launcher on its PATH and writes its work directory ({@code ExecutionProbe}).
 * {@code kakehashi doctor} prints the findings.
 */
public final class SlurmDoctor {
  /** One check's outcome; {@code ok == false} means the executor will not work until fixed. */
  public record Finding(String check, boolean ok, String detail) {
    @Override
    public String toString() {
      return (ok ? "ok    " : "FAIL  ") + check + ": " + detail;
    }
  }

  private SlurmDoctor() {}

  /**
   * Checks the executor that {@code config} (keys without the {@code slurm.} prefix) would make in
   * this process, and when slurmrestd is fine, runs the probe job in a new directory under
   * {@code probeRoot} (which, like a run's work root, must be shared with the compute nodes).
   */
  public static List<Finding> check(Map<String, String> config, Path probeRoot) {
    return check(config, System.getenv(), probeRoot);
  }

  /** As {@link #check(Map, Path)} in a process whose environment is {@code env}: its token and the PATH jobs get. */
  static List<Finding> check(Map<String, String> config, Map<String, String> env, Path probeRoot) {
    SlurmConfig c;
    try {
      c = SlurmConfig.from(config, env);
    } catch (IllegalArgumentException e) {
      return List.of(new Finding("configuration", false, e.getMessage()));
    }
    List<Finding> out;
    try (SlurmClient client = SlurmExecutorFactory.client(c, env)) {
      out = new ArrayList<>(check(c, client));
    } catch (RuntimeException e) {
      return List.of(new Finding("auth", false, e.getMessage()));
    }
    if (!out.stream().allMatch(Finding::ok)) return out;
    // Polled briskly and submitted at once: the probe is one job, and the doctor's user waits for it.
    SlurmConfig probe = c.withGatherWindow(Duration.ZERO).withPollInterval(Duration.ofMillis(300), Duration.ofSeconds(2));
    try (SlurmExecutor executor = SlurmExecutorFactory.executor(probe, env)) {
      out.addAll(ExecutionProbe.run(executor, probe, probeRoot));
    } catch (RuntimeException e) {
      out.add(new Finding("job", false, "the probe job could not be submitted: " + e.getMessage()));
    }
    return out;
  }

  /** The checks of slurmrestd alone (connection, API version, auth, partitions, controller), through {@code client}. */
  public static List<Finding> check(SlurmConfig config, SlurmClient client) {
    List<Finding> out = new ArrayList<>();
    try {
      ApiVersion v = client.apiVersion();
      out.add(new Finding("connection", true, config.url() + " answers"));
      out.add(new Finding("api version", true, v + (config.apiVersion() == null ? " (asked the server)" : " (configured)")));
    } catch (RuntimeException e) {
      out.add(new Finding("connection", false, e.getMessage() + " (is slurmrestd running? "
          + "scripts/slurm-local.sh status)"));
      return out;
    }
    // Partitions come from slurmctld with the caller's token, so they prove auth as well; a
    // ping does not (24.11 answers a bad token's ping with 200 and "DOWN").
    List<String> partitions;
    try {
      partitions = client.partitions();
      out.add(new Finding("auth", true, "token accepted for user " + config.user()));
    } catch (RuntimeException e) {
      out.add(new Finding("auth", false, e.getMessage() + (config.tokenCommand().isEmpty()
          ? " (set SLURM_JWT or slurm.token-command)" : " (check slurm.token-command)")));
      return out;
    }
    if (config.partition().isEmpty()) {
      out.add(new Finding("partitions", !partitions.isEmpty(), partitions.isEmpty()
          ? "slurmctld reports no partitions" : partitions + " (none configured: Slurm's default is used)"));
    } else {
      boolean found = partitions.contains(config.partition());
      out.add(new Finding("partitions", found, found ? "partition '" + config.partition() + "' exists"
          : "partition '" + config.partition() + "' not found; slurmctld has " + partitions));
    }
    try {
      SlurmClient.ServerInfo info = client.ping();
      out.add(new Finding("controller", info.up(), "Slurm " + info.release() + ", " + info.controllers()));
    } catch (RuntimeException e) {
      out.add(new Finding("controller", false, e.getMessage()));
    }
    return out;
  }
}
