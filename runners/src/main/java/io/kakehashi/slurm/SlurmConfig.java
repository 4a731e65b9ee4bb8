package io.kakehashi.slurm;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Slurm executor's settings, read from flat configuration keys (the engine strips the
 * {@code slurm.} prefix). Keys the configuration leaves out fall back to the environment that
 * {@code scripts/slurm-local.sh env} prints, then to defaults.
 *
 * @param apiVersion null to ask the server
 * @param tokenCommand run (as an argument vector, no shell) to get or refresh the JWT
 * @param pointsPerTask points run one after another in one array element; 0 chooses from the
 *     declared walltime (short points are packed so that an element runs about a minute)
 * @param maxRunning the array's {@code %} throttle, 0 for none
 * @param launcher the MPI launcher, {@code srun} by default
 * @param unreachableTimeout how long polls may fail before the run's tasks fail with EXECUTOR_ERROR
 * @param gatherWindow how long the points of a step wait for more of the same step before they
 *     are submitted together as one array (each new hand-over restarts the wait); 0 submits at once
 * @param gatherMax the longest any point waits for others of its step
 * @param probeTimeout how long {@code kakehashi doctor}'s probe job may take, queue wait included,
 *     before it is reported as queued (or running) too long and cancelled
 */
public record SlurmConfig(String url, ApiVersion apiVersion, String user, List<String> tokenCommand,
                          String partition, String account, String qos, Duration pollInterval,
                          Duration maxPollInterval, int maxArraySize, int maxRunning,
                          int pointsPerTask, List<String> launcher, Duration defaultTimeLimit,
                          int retries, Duration unreachableTimeout, Duration gatherWindow,
                          Duration gatherMax, Duration probeTimeout) {
  static final Set<String> KEYS = Set.of("url", "api-version", "user", "token-command", "partition",
      "account", "qos", "poll-interval", "max-poll-interval", "max-array-size", "max-running",
      "points-per-task", "launcher", "default-time-limit", "retries", "unreachable-timeout",
      "gather-window", "gather-max", "probe-timeout");

  public SlurmConfig {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("slurm.url is not set (nor KAKEHASHI_SLURM_URL); "
          + "start a local cluster with scripts/slurm-local.sh start");
    }
    tokenCommand = List.copyOf(tokenCommand);
    launcher = List.copyOf(launcher);
    if (launcher.isEmpty()) throw new IllegalArgumentException("slurm.launcher is empty");
    if (maxArraySize < 1) throw new IllegalArgumentException("slurm.max-array-size must be >= 1");
    if (gatherWindow.isNegative() || gatherMax.isNegative()) {
      throw new IllegalArgumentException("slurm.gather-window and slurm.gather-max must not be negative");
    }
  }

  /** Reads {@code config}; {@code env} supplies KAKEHASHI_SLURM_URL, _API, _USER, _TOKEN_COMMAND, _LAUNCHER. */
  public static SlurmConfig from(Map<String, String> config, Map<String, String> env) {
    for (String k : config.keySet()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown Slurm executor key 'slurm." + k + "' (known: "
            + KEYS.stream().sorted().toList() + ")");
      }
    }
    String api = pick(config, "api-version", env, "KAKEHASHI_SLURM_API", "auto");
    Duration probeTimeout = duration(config, "probe-timeout", "60s");
    if (probeTimeout.isNegative() || probeTimeout.isZero()) {
      throw new IllegalArgumentException("slurm.probe-timeout: expected a duration longer than 0, got '"
          + config.get("probe-timeout").strip() + "'");
    }
    return new SlurmConfig(
        pick(config, "url", env, "KAKEHASHI_SLURM_URL", null),
        api.equals("auto") ? null : ApiVersion.parse(api),
        pick(config, "user", env, "KAKEHASHI_SLURM_USER", System.getProperty("user.name")),
        words(pick(config, "token-command", env, "KAKEHASHI_SLURM_TOKEN_COMMAND", "")),
        config.getOrDefault("partition", ""),
        config.getOrDefault("account", ""),
        config.getOrDefault("qos", ""),
        duration(config, "poll-interval", "5s"),
        duration(config, "max-poll-interval", "60s"),
        integer(config, "max-array-size", "1001"),
        integer(config, "max-running", "0"),
        config.getOrDefault("points-per-task", "auto").equals("auto") ? 0 : integer(config, "points-per-task", "0"),
        words(pick(config, "launcher", env, "KAKEHASHI_SLURM_LAUNCHER", "srun")),
        duration(config, "default-time-limit", "60m"),
        integer(config, "retries", "5"),
        duration(config, "unreachable-timeout", "10m"),
        duration(config, "gather-window", "2s"),
        duration(config, "gather-max", "30s"),
        probeTimeout);
  }

  public SlurmConfig withPollInterval(Duration first, Duration max) {
    return new SlurmConfig(url, apiVersion, user, tokenCommand, partition, account, qos, first, max,
        maxArraySize, maxRunning, pointsPerTask, launcher, defaultTimeLimit, retries, unreachableTimeout,
        gatherWindow, gatherMax, probeTimeout);
  }

  public SlurmConfig withGatherWindow(Duration window) {
    return new SlurmConfig(url, apiVersion, user, tokenCommand, partition, account, qos, pollInterval,
        maxPollInterval, maxArraySize, maxRunning, pointsPerTask, launcher, defaultTimeLimit, retries,
        unreachableTimeout, window, gatherMax, probeTimeout);
  }

  private static String pick(Map<String, String> config, String key, Map<String, String> env,
                             String envKey, String fallback) {
    String v = config.get(key);
    if (v == null || v.isBlank()) v = env.get(envKey);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  /** Splits on blanks: a command line without shell syntax. */
  private static List<String> words(String text) {
    String t = text.strip();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }

  private static int integer(Map<String, String> config, String key, String fallback) {
    String v = config.getOrDefault(key, fallback).strip();
    try {
      int n = Integer.parseInt(v);
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("slurm." + key + ": expected a whole number >= 0, got '" + v + "'");
    }
  }

  /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or plain seconds. */
  static Duration duration(Map<String, String> config, String key, String fallback) {
    String v = config.getOrDefault(key, fallback).strip().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      if (v.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      if (v.endsWith("m")) return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      if (v.endsWith("h")) return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("slurm." + key + ": expected a duration such as 500ms, 5s, 2m, got '" + v + "'");
    }
  }
}
