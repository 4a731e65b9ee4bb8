package io.kakehashi.cli;

import io.kakehashi.engine.Engine;
import io.kakehashi.executor.Task;
import io.kakehashi.store.PointRecord;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Prints the standard output (or error) of a point's latest attempt.")
final class LogsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN")
  String run;

  @Parameters(index = "1", paramLabel = "STEP")
  String step;

  @Option(names = {"-p", "--point"}, description = "Point index (default 0).")
  int point;

  @Option(names = {"-e", "--stderr"}, description = "Print standard error instead.")
  boolean stderr;

  @Mixin HomeOptions home;

  @Override
  public Integer call() throws IOException {
    Settings settings = home.settings();
    try (RunStore store = RunStore.openForReading(settings.storeFile())) {
      RunSummary r = HomeOptions.findRun(store, run);
      PointRecord p = store.points(r.runId()).stream()
          .filter(x -> x.key().step().equals(step) && x.key().index() == point).findFirst()
          .orElseThrow(() -> new CliException("run " + r.runId() + " has no point " + step + "[" + point + "]"));
      Path dir = p.workDir() != null && (p.state().equals("SUCCEEDED") || p.state().equals("CACHED"))
          ? Path.of(p.workDir())
          : Engine.attemptDir(settings.workRoot(), p.key(), p.fingerprint(), Math.max(1, p.attempts()));
      Path file = dir.resolve(stderr ? Task.STDERR : Task.STDOUT);
      if (!Files.exists(file)) throw new CliException("no log " + file + " (function steps log nothing of their own)");
      Files.copy(file, System.out);
      return 0;
    }
  }
}
