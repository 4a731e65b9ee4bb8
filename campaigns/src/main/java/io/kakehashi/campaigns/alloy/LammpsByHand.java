package io.kakehashi.campaigns.alloy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LAMMPS as a user would run it without Kakehashi: one plain {@code lmp} process per core on the
 * same batch input, started side by side, no launcher, no engine. The campaign measures this next
 * to its relax step so that the report's speedup visibly stands on a full-speed baseline.
 */
public final class LammpsByHand {
  /**
   * @param processes how many {@code lmp} ran at once
   * @param candidatesPerProcess candidates in the batch input each of them relaxed
   * @param wallSeconds from the first start to the last exit
   */
  public record Measurement(int processes, int candidatesPerProcess, double wallSeconds) {
    /** Wall seconds per candidate with every process busy, comparable to the relax step's wall span. */
    public double wallSecondsPerCandidate() {
      return wallSeconds / ((double) processes * candidatesPerProcess);
    }

    /** Seconds one process spent per candidate. */
    public double processSecondsPerCandidate() {
      return wallSeconds / candidatesPerProcess;
    }
  }

  private LammpsByHand() {}

  /**
   * Runs {@code processes} copies of {@code lmp -in input -log none -screen none} at once, each in
   * its own directory under {@code workDir}.
   *
   * @throws IOException if {@code lmp} cannot be started or one copy fails (its exit status and
   *     directory are named)
   */
  public static Measurement run(String lmp, Path input, int candidates, int processes, Path workDir)
      throws IOException, InterruptedException {
    if (processes < 1 || candidates < 1) throw new IllegalArgumentException("processes and candidates must be >= 1");
    List<Process> running = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < processes; i++) {
        Path dir = Files.createDirectories(workDir.resolve("lmp-" + i));
        dirs.add(dir);
        running.add(new ProcessBuilder(lmp, "-in", input.toAbsolutePath().toString(), "-log", "none", "-screen", "none")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.txt").toFile())
            .start());
      }
      for (int i = 0; i < running.size(); i++) {
        int code = running.get(i).waitFor();
        if (code != 0) {
          throw new IOException("'" + lmp + "' run by hand in " + dirs.get(i) + " exited with status " + code);
        }
      }
    } finally {
      for (Process p : running) p.destroyForcibly();
    }
    return new Measurement(processes, candidates, (System.nanoTime() - start) / 1e9);
  }
}
