package io.kakehashi.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Disjoint CPU sets for the points that run at once on this machine.
 *
 * <p>Why: every independent {@code mpirun} binds its rank 0 to the first core it sees, so two
 * single-rank points started side by side both land on CPU 0 and run at half speed. Handing each
 * point its own CPUs (and starting the launcher with {@code --bind-to none}, so ranks keep the
 * set they inherit) places concurrent points on different cores whatever the launcher does.
 *
 * <p>The CPUs come from the engine's own affinity ({@code Cpus_allowed_list} of this process), so
 * a cgroup, {@code taskset} or a Slurm allocation that the engine runs inside is honoured. When
 * more cores are configured than the engine may use, sets cannot be disjoint: no point is bound
 * and the kernel places them ({@link #binding()} is false).
 */
final class CpuSlots {
  private final int[] cpus;
  private final boolean[] taken;
  private final boolean binding;

  /**
   * @param allowed the CPUs this process may run on, in order
   * @param cores how many cores points may use at once ({@code local.cores})
   */
  CpuSlots(int[] allowed, int cores) {
    this.binding = allowed.length > 0 && cores <= allowed.length;
    this.cpus = binding ? Arrays.copyOf(allowed, cores) : new int[0];
    this.taken = new boolean[cpus.length];
  }

  /** Slots over this process's own CPUs ({@code /proc/self/status}); none where that cannot be read. */
  static CpuSlots forThisProcess(int cores) {
    return new CpuSlots(allowedCpus(Path.of("/proc/self/status")), cores);
  }

  /** Whether points are bound to CPU sets at all. */
  boolean binding() {
    return binding;
  }

  /** The CPUs points are placed on (empty when not binding). */
  int[] cpus() {
    return cpus.clone();
  }

  /**
   * Takes {@code n} free CPUs, lowest first; empty when not binding or when fewer are free (the
   * engine keeps points within capacity, so that only happens when a point asks for more cores
   * than the executor has, and such a point runs unbound).
   */
  synchronized Optional<int[]> take(int n) {
    if (!binding || n < 1) return Optional.empty();
    int[] got = new int[n];
    int k = 0;
    for (int i = 0; i < cpus.length && k < n; i++) {
      if (!taken[i]) got[k++] = i;
    }
    if (k < n) return Optional.empty();
    int[] set = new int[n];
    for (int j = 0; j < n; j++) {
      taken[got[j]] = true;
      set[j] = cpus[got[j]];
    }
    return Optional.of(set);
  }

  /** Gives back a set from {@link #take}. */
  synchronized void give(int[] set) {
    for (int cpu : set) {
      for (int i = 0; i < cpus.length; i++) {
        if (cpus[i] == cpu) taken[i] = false;
      }
    }
  }

  /** A CPU list as {@code taskset -c} and {@code Cpus_allowed_list} write it: {@code 0,2-3}. */
  static String format(int[] set) {
    return Arrays.stream(set).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  /** Parses a CPU list such as {@code 0-3,8,10-11}. */
  static int[] parse(String list) {
    List<Integer> out = new ArrayList<>();
    for (String part : list.strip().split(",")) {
      if (part.isBlank()) continue;
      int dash = part.indexOf('-');
      if (dash < 0) {
        out.add(Integer.parseInt(part.strip()));
      } else {
        int from = Integer.parseInt(part.substring(0, dash).strip());
        int to = Integer.parseInt(part.substring(dash + 1).strip());
        for (int c = from; c <= to; c++) out.add(c);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The {@code Cpus_allowed_list} of a {@code /proc/<pid>/status} file; empty if it has none. */
  static int[] allowedCpus(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("Cpus_allowed_list:")) return parse(line.substring(line.indexOf(':') + 1));
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or an unexpected format: no binding, as before.
    }
    return new int[0];
  }
}
