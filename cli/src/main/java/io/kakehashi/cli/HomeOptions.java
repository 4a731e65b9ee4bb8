package io.kakehashi.cli;

import io.kakehashi.engine.EngineOwner;
import io.kakehashi.event.RunState;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  List<String> settings = new ArrayList<>();

  Settings settings() {
    Path h = home != null ? home
        : System.getenv("KAKEHASHI_HOME") != null ? Path.of(System.getenv("KAKEHASHI_HOME")) : Path.of(".kakehashi");
    return Settings.load(h, config, KeyValues.parse("-C", settings));
  }

  /** The run store for a command that only reads it: read-only where the home may not be written. */
  RunStore openStoreForReading() {
    return RunStore.openForReading(settings().storeFile());
  }

  /**
   * The run a user named (an id or a unique prefix), or the latest when none was named. A prefix
   * that several runs share is an error listing them: picking one would act on a run the user
   * may not have meant (resume, cancel).
   */
  static RunSummary findRun(RunStore store, String run) {
    if (run == null) {
      return store.runs().stream().findFirst()
          .orElseThrow(() -> new CliException("no runs yet in " + store.file()));
    }
    if (run.isBlank()) throw new CliException("the run id is empty (see 'kakehashi runs')");
    List<RunSummary> found = store.matchingRuns(run);
    if (found.isEmpty()) {
      throw new CliException("no run '" + run + "' in " + store.file() + " (see 'kakehashi runs')");
    }
    if (found.size() > 1) {
      List<String> ids = found.stream().map(RunSummary::runId).toList();
      throw new CliException("run id prefix '" + run + "' is ambiguous: it matches " + ids.size() + " runs "
          + (ids.size() > 10 ? ids.subList(0, 10) + " and " + (ids.size() - 10) + " more" : ids)
          + "; give more of the id");
    }
    return found.get(0);
  }

  /**
   * A run's state as a user should read it: a run recorded as running whose engine is gone
   * (killed, or stopped before it could record its end) is shown as interrupted, which is what
   * resume treats it as.
   */
  static String shownState(RunSummary r, Optional<EngineOwner> engine) {
    if (r.state() == RunState.RUNNING && engine.filter(o -> o.runId().equals(r.runId())).isEmpty()) {
      return "interrupted";
    }
    return r.state().name().toLowerCase();
  }
}
