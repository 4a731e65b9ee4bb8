package io.kakehashi.cli;

import io.kakehashi.dag.ValidationException;
import io.kakehashi.engine.EngineException;
import io.kakehashi.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kakehashi} command. */
@Command(name = "kakehashi", mixinStandardHelpOptions = true, version = "kakehashi 0.1.0",
    description = "Runs simulation + surrogate campaigns: MPI steps locally or through Slurm, HDF5 into Spark, DL4J surrogates.",
    subcommands = {RunCommand.class, ResumeCommand.class, StatusCommand.class, RunsCommand.class, LogsCommand.class,
        ExplainCommand.class, CancelCommand.class, ReportCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the run succeeded", "1:the run finished with failed points", "2:bad input (campaign, config, arguments)",
        "3:the run was cancelled or interrupted; resume continues it", "4:internal error"})
public final class Main {
  public static final int OK = 0;
  public static final int RUN_FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int STOPPED = 3;
  public static final int INTERNAL = 4;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (for tests and embedding). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Throwable t = e;
      if (t instanceof CliException || t instanceof ValidationException || t instanceof EngineException
          || t instanceof StoreException) {
        commandLine.getErr().println("kakehashi: " + t.getMessage());
        return BAD_INPUT;
      }
      commandLine.getErr().println("kakehashi: internal error: " + t);
      t.printStackTrace(commandLine.getErr());
      return INTERNAL;
    });
    cl.setExitCodeExceptionMapper(t -> BAD_INPUT);
    return cl.execute(args);
  }
}
