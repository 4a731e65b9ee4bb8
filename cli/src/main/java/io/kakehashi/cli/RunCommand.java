package io.kakehashi.cli;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.store.RunStore;
import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.Parameter;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run",
    description = {"Runs a campaign. Points whose fingerprint has a completed result are reused.",
        "CAMPAIGN: a .java file (compiled in memory), the name of a class implementing Campaign,",
        "or a bundled campaign: alloy-screening (the main job), lattice-scan.",
        "'kakehashi run CAMPAIGN --help' also lists the campaign's parameters."})
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CAMPAIGN", arity = "0..1")
  String campaign;

  @Option(names = {"-h", "--help"}, description = "Show this help message (with CAMPAIGN: its parameters too) and exit.")
  boolean help;

  @Spec CommandSpec spec;

  @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE", description = "A campaign parameter.")
  List<String> parameterArgs = new ArrayList<>();

  @Option(names = "--detach", description = "On Ctrl-C, leave Slurm jobs running (resume re-attaches) instead of cancelling them.")
  boolean detach;

  @Mixin HomeOptions home;

  @Override
  public Integer call() {
    if (help) {
      spec.commandLine().usage(System.out);
      if (campaign != null) System.out.print(parameterHelp(CampaignLoader.load(campaign), campaign));
      return 0;
    }
    if (campaign == null) throw new CliException("missing CAMPAIGN: a .java file, a class name or a bundled campaign name");
    Settings settings = home.settings();
    Map<String, String> parameters = KeyValues.parse("-P", parameterArgs);
    Campaign c = CampaignLoader.load(campaign);
    Workflow wf = CampaignLoader.define(c, campaign, Map.copyOf(parameters));
    // The run records every effective value, defaults included: what the report shows and resume uses.
    Map<String, String> effective = new LinkedHashMap<>(c.defaults());
    effective.putAll(parameters);
    settings.checkRoutes(wf);
    Programs.check(wf, settings);
    String runId = RunStore.newRunId();
    String source = campaign.endsWith(".java") ? Path.of(campaign).toAbsolutePath().toString() : campaign;
    return Runs.execute(settings, runId, detach, engine -> {
      System.err.println("run " + runId + ": workflow '" + wf.name() + "', " + wf.steps().size() + " steps; store "
          + settings.storeFile());
      return engine.run(runId, wf, source, effective);
    });
  }

  /** The campaign's parameters as a table: name, default, allowed values, help. */
  static String parameterHelp(Campaign c, String name) {
    StringBuilder out = new StringBuilder("%nParameters of %s (-P KEY=VALUE):%n".formatted(name));
    List<Parameter> declared = c.parameters();
    if (declared.isEmpty()) {
      if (c.defaults().isEmpty()) return out.append("  (none declared)%n".formatted()).toString();
      c.defaults().forEach((k, v) -> out.append("  %-16s default %s%n".formatted(k, v)));
      return out.toString();
    }
    int width = declared.stream().mapToInt(p -> p.name().length()).max().orElse(0);
    int defaults = Math.max(7, declared.stream().mapToInt(p -> p.defaultValue().length()).max().orElse(0));
    int allowed = declared.stream().mapToInt(p -> p.allowed().length()).max().orElse(0);
    String row = "  %-" + width + "s  %-" + defaults + "s  %-" + allowed + "s  %s%n";
    out.append(row.formatted("name", "default", "allowed", ""));
    for (Parameter p : declared) out.append(row.formatted(p.name(), p.defaultValue(), p.allowed(), p.help()));
    return out.toString();
  }
}
