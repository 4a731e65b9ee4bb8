package io.kakehashi.local;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.ExecutorFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code local}: processes on this machine. Keys: {@code cores} (default: all), {@code mpi-launcher}
 * (space-separated prefix, default {@code mpirun --oversubscribe [--allow-run-as-root]}).
 */
public final class LocalExecutorFactory implements ExecutorFactory {
  @Override
  public String name() {
    return "local";
  }

  @Override
  public Set<String> keys() {
    return Set.of("cores", "mpi-launcher");
  }

  @Override
  public Executor create(Map<String, String> config) {
    int cores = cores(config.getOrDefault("cores", Integer.toString(Runtime.getRuntime().availableProcessors())));
    String launcher = config.get("mpi-launcher");
    if (launcher != null && launcher.isBlank()) throw new IllegalArgumentException("local.mpi-launcher is empty");
    List<String> l = launcher == null ? LocalExecutor.defaultLauncher() : Arrays.asList(launcher.trim().split("\\s+"));
    return new LocalExecutor(cores, l);
  }

  private static int cores(String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      // reported below, naming the key
    }
    throw new IllegalArgumentException("local.cores: expected a whole number of cores >= 1, got '" + text + "'");
  }
}
