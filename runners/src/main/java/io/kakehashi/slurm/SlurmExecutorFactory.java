package io.kakehashi.slurm;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.ExecutorFactory;
import java.util.Map;
import java.util.Set;

/**
 * The {@code slurm} executor for {@link ExecutorFactory#named}. Configuration keys are listed on
 * {@link SlurmConfig}; the token comes from {@code SLURM_JWT} or {@code token-command}.
 */
public final class SlurmExecutorFactory implements ExecutorFactory {
  @Override
  public String name() {
    return "slurm";
  }

  @Override
  public Set<String> keys() {
    return SlurmConfig.KEYS;
  }

  @Override
  public Executor create(Map<String, String> config) {
    Map<String, String> env = System.getenv();
    return executor(SlurmConfig.from(config, env), env);
  }

  /**
   * The executor the engine gets for {@code config} in a process whose environment is {@code env}
   * (the doctor's probe job goes through this one too, so that it proves what runs will use).
   */
  static SlurmExecutor executor(SlurmConfig config, Map<String, String> env) {
    return new SlurmExecutor(config, client(config, env), jobEnvironment(env));
  }

  /** What jobs start with: Slurm gives a job nothing but what is sent, and this sends the engine's PATH. */
  static Map<String, String> jobEnvironment(Map<String, String> env) {
    return Map.of("PATH", env.getOrDefault("PATH", "/usr/bin:/bin"));
  }

  /** A client for {@code config}, with the token from {@code SLURM_JWT} and/or the token command. */
  public static SlurmClient client(SlurmConfig config, Map<String, String> env) {
    String jwt = env.get("SLURM_JWT");
    TokenSource tokens = TokenSource.of(jwt == null || jwt.isBlank() ? null : Secret.of(jwt),
        config.tokenCommand());
    return SlurmClient.builder(config.url()).tokens(tokens).user(config.user())
        .apiVersion(config.apiVersion())
        .retries(Math.max(1, config.retries()), java.time.Duration.ofMillis(500)).build();
  }
}
