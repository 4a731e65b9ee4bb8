package io.kakehashi.campaigns.alloy.lammps;

import io.kakehashi.campaigns.alloy.structure.CandidateSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares, runs and reads one batch with a local {@code lmp} outside any workflow: what the
 * campaign's prepare, relax and pack steps do, in one call. For tests, benchmarks and re-checking
 * a handful of candidates by hand; a campaign uses the steps so that the engine places the MPI run.
 */
public final class LocalLammps {
  private final String lmp;
  private final String mpirun;

  /** Uses {@code lmp} and {@code mpirun} from PATH. */
  public LocalLammps() {
    this("lmp", "mpirun");
  }

  public LocalLammps(String lmp, String mpirun) {
    this.lmp = lmp;
    this.mpirun = mpirun;
  }

  /** The result of one batch, with the wall time of the whole LAMMPS process. */
  public record Run(LammpsResults results, double processSeconds, Path dir) {}

  /** The argument vector that relaxes {@code input} with {@code ranks} MPI ranks. */
  public List<String> command(Path input, int ranks) {
    List<String> argv = new ArrayList<>();
    if (ranks > 1) {
      // Root in containers needs --allow-run-as-root; --oversubscribe allows more ranks than cores.
      argv.addAll(List.of(mpirun, "--allow-run-as-root", "--oversubscribe", "-np", Integer.toString(ranks)));
    }
    argv.addAll(List.of(lmp, "-in", input.toString(), "-log", BatchPreparer.LOG, "-screen", "none"));
    return argv;
  }

  /** Writes the batch into {@code dir}, relaxes it with {@code ranks} ranks and reads the results. */
  public Run relax(BatchSpec spec, Path dir, int ranks) throws IOException, InterruptedException {
    CandidateSource source = spec.source();
    Path input = new BatchPreparer(spec.system(), source).prepare(dir, spec.ids());
    ProcessBuilder pb = new ProcessBuilder(command(input.toAbsolutePath(), ranks))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("lmp.out").toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    long start = System.nanoTime();
    Process p = pb.start();
    int rc = p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (rc != 0) {
      String out = Files.readString(dir.resolve("lmp.out"), StandardCharsets.UTF_8);
      throw new IOException("LAMMPS exited with status " + rc + " in " + dir + ": "
          + out.substring(Math.max(0, out.length() - 2000)));
    }
    LammpsResults results = LammpsResults.read(dir.resolve(BatchPreparer.RESULTS), dir.resolve(BatchPreparer.LOG),
        spec.system(), spec.ids());
    return new Run(results, seconds, dir);
  }
}
