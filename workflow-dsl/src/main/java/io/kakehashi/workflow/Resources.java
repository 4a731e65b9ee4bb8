package io.kakehashi.workflow;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one point of a step needs. Executors map these to their own terms (a core budget locally,
 * {@code ntasks}/{@code cpus_per_task}/{@code time_limit}... in Slurm). {@code scheduler} holds
 * free-form fields such as partition, account, qos or constraint that only some executors use.
 *
 * @param cores cores per point (for MPI steps: ranks x threads per rank)
 * @param nodes nodes per point, 0 when the executor may choose
 * @param memoryMb memory per point in MiB, 0 when unspecified
 * @param walltime the limit a scheduler enforces, {@link Duration#ZERO} when unspecified
 * @param gpus GPUs per point
 */
public record Resources(int cores, int nodes, long memoryMb, Duration walltime, int gpus,
                        Map<String, String> scheduler) {
  public static final Resources DEFAULT = new Resources(1, 0, 0, Duration.ZERO, 0, Map.of());

  public Resources {
    if (walltime == null) walltime = Duration.ZERO;
    scheduler = Map.copyOf(new TreeMap<>(scheduler == null ? Map.of() : scheduler));
  }

  public static Resources cores(int cores) {
    return DEFAULT.withCores(cores);
  }

  public Resources withCores(int c) {
    return new Resources(c, nodes, memoryMb, walltime, gpus, scheduler);
  }

  public Resources withNodes(int n) {
    return new Resources(cores, n, memoryMb, walltime, gpus, scheduler);
  }

  public Resources withMemoryMb(long m) {
    return new Resources(cores, nodes, m, walltime, gpus, scheduler);
  }

  public Resources withWalltime(Duration w) {
    return new Resources(cores, nodes, memoryMb, w, gpus, scheduler);
  }

  public Resources withGpus(int g) {
    return new Resources(cores, nodes, memoryMb, walltime, g, scheduler);
  }

  /** A scheduler field such as {@code partition}, {@code account}, {@code qos}, {@code constraint}. */
  public Resources with(String schedulerField, String value) {
    Map<String, String> m = new TreeMap<>(scheduler);
    m.put(schedulerField, value);
    return new Resources(cores, nodes, memoryMb, walltime, gpus, m);
  }
}
