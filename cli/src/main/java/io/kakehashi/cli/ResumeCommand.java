package io.kakehashi.cli;

import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import io.kakehashi.workflow.Workflow;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resume", mixinStandardHelpOptions = true,
    description = {"Continues a run that was stopped, killed or failed. Completed points are not run again;",
        "Slurm jobs still in flight are re-attached; points whose inputs changed run again."})
final class ResumeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "Run id (or a unique prefix).")
  String run;

  @Option(names = "--detach", description = "On Ctrl-C, leave Slurm jobs running instead of cancelling them.")
  boolean detach;

  @Mixin HomeOptions home;

  @Override
  public Integer call() {
    Settings settings = home.settings();
    RunSummary summary;
    try (RunStore store = RunStore.open(settings.storeFile())) {
      summary = HomeOptions.findRun(store, run);
    }
    Workflow wf = CampaignLoader.define(summary.source(), summary.parameters());
    settings.checkRoutes(wf);
    Programs.check(wf, settings);
    return Runs.execute(settings, summary.runId(), detach, engine -> {
      System.err.println("resuming run " + summary.runId() + " (" + summary.state().name().toLowerCase() + ")");
      return engine.resume(summary.runId(), wf);
    });
  }
}
