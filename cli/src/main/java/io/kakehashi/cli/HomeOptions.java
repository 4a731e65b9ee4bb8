package io.kakehashi.cli;

import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares: where runs live and configuration. */
final class HomeOptions {
  @Option(names = "--home", paramLabel = "DIR",
      description = "Where the run store and work directories live (default: $KAKEHASHI_HOME or ./.kakehashi).")
  Path home;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
  Path config;

  @Option(names = {"-C", "--set"}, paramLabel = "KEY=VALUE",
      description = "A setting, e.g. -C executor=slurm -C slurm.url=http://127.0.0.1:6820 -C local.cores=2.")
  Map<String, String> settings = new LinkedHashMap<>();

  Settings settings() {
    Path h = home != null ? home
        : System.getenv("KAKEHASHI_HOME") != null ? Path.of(System.getenv("KAKEHASHI_HOME")) : Path.of(".kakehashi");
    return Settings.load(h, config, settings);
  }

  RunStore openStore() {
    return RunStore.open(settings().storeFile());
  }

  /** The run a user named (an id or a prefix), or the latest when none was named. */
  static RunSummary findRun(RunStore store, String run) {
    if (run == null) {
      return store.runs().stream().findFirst()
          .orElseThrow(() -> new CliException("no runs yet in " + store.file()));
    }
    return store.findRun(run).orElseThrow(() -> new CliException("no run '" + run + "' in " + store.file()
        + " (see 'kakehashi runs')"));
  }
}
