package io.kakehashi.cli;

import io.kakehashi.engine.EngineLock;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists runs, newest first.")
final class RunsCommand implements Callable<Integer> {
  @Mixin HomeOptions home;

  @Override
  public Integer call() {
    var engine = EngineLock.holder(home.settings().home);
    try (RunStore store = home.openStoreForReading()) {
      System.out.printf("%-22s %-24s %-12s %s%n", "run", "workflow", "state", "started");
      for (RunSummary r : store.runs()) {
        System.out.printf("%-22s %-24s %-12s %s%n", r.runId(), r.workflow(), HomeOptions.shownState(r, engine), r.created());
      }
      return 0;
    }
  }
}
