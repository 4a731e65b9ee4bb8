package io.kakehashi.local;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.ExecutorFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
  public Executor create(Map<String, String> config) {
    int cores = Integer.parseInt(config.getOrDefault("cores", Integer.toString(Runtime.getRuntime().availableProcessors())));
    String launcher = config.get("mpi-launcher");
    List<String> l = launcher == null ? LocalExecutor.defaultLauncher() : Arrays.asList(launcher.trim().split("\\s+"));
    return new LocalExecutor(cores, l);
  }
}
