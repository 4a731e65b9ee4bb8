package io.kakehashi.workflow;

import java.util.List;

/**
 * What a step does at each point. Arguments are templates: {@code ${name}} is replaced by the
 * point's parameter {@code name}, {@code ${inputs.name}} by the path(s) of input {@code name}
 * (one argument per file), {@code ${workdir}} by the point's work directory. Each template
 * becomes whole argument-vector entries: nothing is ever passed through a shell.
 */
public sealed interface Action {
  /** An identity that the fingerprint covers: change it and the step runs again. */
  String identity();

  /** The argument templates; empty for functions. */
  List<String> args();

  /** An external program started with an argument vector. */
  record Command(List<String> args) implements Action {
    public Command {
      args = List.copyOf(args);
      if (args.isEmpty()) throw new IllegalArgumentException("a command needs at least the program");
    }

    @Override
    public String identity() {
      return "command:" + String.join("\u0000", args);
    }
  }

  /**
   * An MPI program. Executors launch it with their MPI launcher ({@code mpirun -np ranks}
   * locally, {@code srun} in Slurm) and set {@code OMP_NUM_THREADS} to the threads per rank.
   */
  record Mpi(List<String> args, int ranks, int threadsPerRank) implements Action {
    public Mpi {
      args = List.copyOf(args);
      if (args.isEmpty()) throw new IllegalArgumentException("an MPI step needs at least the program");
    }

    @Override
    public String identity() {
      return "mpi:" + ranks + "x" + threadsPerRank + ":" + String.join("\u0000", args);
    }
  }

  /**
   * Java code run inside the engine's JVM. {@code version} names the code's identity; by
   * default it is a digest of the bytecode of the class that defines the function, so editing
   * that class re-runs the step.
   */
  record Function(StepFunction function, String version) implements Action {
    @Override
    public String identity() {
      return "function:" + version;
    }

    @Override
    public List<String> args() {
      return List.of();
    }
  }
}
