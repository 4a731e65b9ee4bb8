package io.kakehashi.executor;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes an executor from configuration. Implementations are found with {@link ServiceLoader}
 * (a {@code META-INF/services/io.kakehashi.executor.ExecutorFactory} entry), so the engine and
 * the workflow never name an executor class.
 */
public interface ExecutorFactory {
  /** The name configuration uses, such as {@code local} or {@code slurm}. */
  String name();

  /**
   * @param config flat keys for this executor, without its prefix ({@code url}, {@code partition}...)
   */
  Executor create(Map<String, String> config);

  /**
   * The keys {@link #create} reads (without the prefix). Configuration that names any other key
   * under this executor's prefix is an error, so that a misspelt key is not silently ignored.
   */
  default Set<String> keys() {
    return Set.of();
  }

  /** Every registered factory, by name. */
  static Map<String, ExecutorFactory> all() {
    Map<String, ExecutorFactory> out = new TreeMap<>();
    for (ExecutorFactory f : ServiceLoader.load(ExecutorFactory.class)) out.put(f.name(), f);
    return out;
  }

  /** The factory registered under {@code name}. */
  static ExecutorFactory named(String name) {
    StringBuilder known = new StringBuilder();
    for (ExecutorFactory f : ServiceLoader.load(ExecutorFactory.class)) {
      if (f.name().equals(name)) return f;
      known.append(known.isEmpty() ? "" : ", ").append(f.name());
    }
    throw new IllegalArgumentException("no executor named '" + name + "' (available: " + known + ")");
  }
}
