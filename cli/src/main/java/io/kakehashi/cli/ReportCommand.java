package io.kakehashi.cli;

import io.kakehashi.report.HtmlReport;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Writes a self-contained HTML report of a run: DAG, timeline, step times, the campaign's plots and tables.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Run id or prefix (default: the latest run).")
  String run;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (default <home>/reports/<run>.html).")
  Path output;

  @Mixin HomeOptions home;

  @Override
  public Integer call() throws IOException {
    Settings settings = home.settings();
    try (RunStore store = RunStore.openForReading(settings.storeFile())) {
      RunSummary r = HomeOptions.findRun(store, run);
      Path file = output != null ? output : settings.reportFile(r.runId());
      new HtmlReport(store, r).write(file);
      System.out.println(file.toAbsolutePath());
      return 0;
    }
  }
}
