package io.kakehashi.cli;

import io.kakehashi.local.LocalExecutor;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The programs a run's local command and MPI steps start, found before anything runs: a missing
 * {@code lmp} otherwise shows up as "mpirun exit 134" once per point, long after the start.
 */
final class Programs {
  private Programs() {}

  /** Fails naming the step and program when a step that runs here starts a program not on PATH. */
  static void check(Workflow workflow, Settings settings) {
    Map<String, String> routes = settings.routes();
    for (Step s : workflow.steps().values()) {
      if (!(s.action() instanceof Action.Command || s.action() instanceof Action.Mpi)) continue;
      if (!routes.getOrDefault(s.name(), settings.defaultExecutor()).equals("local")) continue; // found on the nodes
      if (s.action() instanceof Action.Mpi) {
        String launcher = settings.section("local").containsKey("mpi-launcher")
            ? settings.section("local").get("mpi-launcher").strip().split("\\s+")[0]
            : LocalExecutor.defaultLauncher().get(0);
        require(s, launcher, " (install Debian's openmpi-bin package or set local.mpi-launcher)");
      }
      require(s, s.action().args().get(0), "");
    }
  }

  private static void require(Step s, String program, String hint) {
    if (program.contains("${")) return; // chosen per point
    if (find(program) == null) {
      throw new CliException("step '" + s.name() + "' runs '" + program + "', which was not found on PATH"
          + (program.equals("lmp") ? " (install Debian's lammps package)" : hint)
          + "; 'kakehashi doctor' checks what is installed");
    }
  }

  /** The executable {@code program} names: a path as given, or the first on PATH; null if none. */
  static Path find(String program) {
    if (program.contains("/")) return Files.isExecutable(Path.of(program)) ? Path.of(program) : null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) return p;
    }
    return null;
  }
}
