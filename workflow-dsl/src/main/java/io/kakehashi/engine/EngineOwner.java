package io.kakehashi.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * The process that drives a home's runs, as it wrote itself into the home's lock file: its pid,
 * the start time of that process and the run it drives.
 *
 * @param pid the engine's process id
 * @param startMillis when that process started (epoch millis); a pid alone may be recycled
 * @param runId the run the engine drives
 */
public record EngineOwner(long pid, long startMillis, String runId) {
  /** This process, driving {@code runId}. */
  public static EngineOwner current(String runId) {
    ProcessHandle self = ProcessHandle.current();
    return new EngineOwner(self.pid(), startMillis(self), runId);
  }

  /**
   * The owner's process while it is still the one that wrote the record: same pid <em>and</em>
   * same start time. After a {@code kill -9} the pid may belong to a stranger, who must never be
   * signalled.
   */
  public Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> startMillis(h) == startMillis && startMillis > 0);
  }

  public boolean alive() {
    return process().isPresent();
  }

  String line() {
    return pid + " " + startMillis + " " + runId + "\n";
  }

  /** The owner a lock file names, or empty when it names none (released, or from a crash mid-write). */
  static Optional<EngineOwner> parse(String text) {
    String[] f = text.strip().split(" ");
    if (f.length != 3) return Optional.empty();
    try {
      return Optional.of(new EngineOwner(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "pid " + pid + ", started " + Instant.ofEpochMilli(startMillis);
  }

  private static long startMillis(ProcessHandle h) {
    return h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }
}
