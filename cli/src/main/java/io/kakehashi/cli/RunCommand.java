package io.kakehashi.cli;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.store.RunStore;
import io.kakehashi.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a campaign. Points whose fingerprint has a completed result are reused.",
        "CAMPAIGN is a .java file (compiled in memory), a class implementing io.kakehashi.workflow.Campaign,",
        "or a bundled campaign name such as alloy-screening or sweep-demo."})
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CAMPAIGN")
  String campaign;

  @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE", description = "A campaign parameter.")
  List<String> parameterArgs = new ArrayList<>();

  @Option(names = "--detach", description = "On Ctrl-C, leave Slurm jobs running (resume re-attaches) instead of cancelling them.")
  boolean detach;

  @Mixin HomeOptions home;

  @Override
  public Integer call() {
    Settings settings = home.settings();
    Map<String, String> parameters = KeyValues.parse("-P", parameterArgs);
    Workflow wf = CampaignLoader.define(campaign, Map.copyOf(parameters));
    settings.checkRoutes(wf);
    Programs.check(wf, settings);
    String runId = RunStore.newRunId();
    String source = campaign.endsWith(".java") ? java.nio.file.Path.of(campaign).toAbsolutePath().toString() : campaign;
    return Runs.execute(settings, runId, detach, engine -> {
      System.err.println("run " + runId + ": workflow '" + wf.name() + "', " + wf.steps().size() + " steps; store "
          + settings.storeFile());
      return engine.run(runId, wf, source, parameters);
    });
  }
}
