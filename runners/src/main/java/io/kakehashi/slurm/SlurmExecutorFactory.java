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
    SlurmConfig c = SlurmConfig.from(config, env);
    return new SlurmExecutor(c, client(c, env), Map.of("PATH", env.getOrDefault("PATH", "/usr/bin:/bin")));
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
