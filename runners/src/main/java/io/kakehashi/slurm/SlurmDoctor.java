package io.kakehashi.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the Slurm executor can work: the server answers, the token is accepted, an API
 * version both sides speak, the controller is up, the configured partition exists.
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

  public static List<Finding> check(SlurmConfig config, SlurmClient client) {
    List<Finding> out = new ArrayList<>();
    SlurmClient.ServerInfo info;
    try {
      ApiVersion v = client.apiVersion();
      out.add(new Finding("connection", true, config.url() + " answers"));
      out.add(new Finding("api version", true, v + (config.apiVersion() == null ? " (asked the server)" : " (configured)")));
      info = client.ping();
    } catch (SlurmException e) {
      boolean auth = e.httpStatus() == 401 || e.getMessage().contains("authentication")
          || e.getMessage().contains("Unspecified error");
      out.add(new Finding(e.httpStatus() == 0 ? "connection" : auth ? "auth" : "api version", false,
          e.getMessage() + hint(e, config)));
      return out;
    } catch (RuntimeException e) {
      out.add(new Finding("auth", false, e.getMessage()));
      return out;
    }
    out.add(new Finding("auth", true, "token accepted for user " + config.user()));
    out.add(new Finding("controller", info.up(), "Slurm " + info.release() + ", " + info.controllers()));
    try {
      List<String> partitions = client.partitions();
      if (config.partition().isEmpty()) {
        out.add(new Finding("partitions", !partitions.isEmpty(), partitions.isEmpty()
            ? "slurmctld reports no partitions" : partitions + " (none configured: Slurm's default is used)"));
      } else {
        boolean found = partitions.contains(config.partition());
        out.add(new Finding("partitions", found, found ? "partition '" + config.partition() + "' exists"
            : "partition '" + config.partition() + "' not found; slurmctld has " + partitions));
      }
    } catch (SlurmException e) {
      out.add(new Finding("partitions", false, e.getMessage()));
    }
    return out;
  }

  private static String hint(SlurmException e, SlurmConfig config) {
    if (e.httpStatus() == 0) return " (is slurmrestd running? scripts/slurm-local.sh status)";
    if (e.httpStatus() == 401) {
      return config.tokenCommand().isEmpty() ? " (set SLURM_JWT or slurm.token-command)" : " (check slurm.token-command)";
    }
    return "";
  }
}
