package io.kakehashi.cli;

import io.kakehashi.store.PointRecord;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Says why each point of a step ran (which parameter, input or code changed) or was reused.")
final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN")
  String run;

  @Parameters(index = "1", paramLabel = "STEP")
  String step;

  @Mixin HomeOptions home;

  @Override
  public Integer call() {
    try (RunStore store = home.openStoreForReading()) {
      RunSummary r = HomeOptions.findRun(store, run);
      List<PointRecord> points = store.points(r.runId()).stream().filter(p -> p.key().step().equals(step)).toList();
      if (points.isEmpty()) throw new CliException("run " + r.runId() + " has no step '" + step + "'");
      for (PointRecord p : points) {
        System.out.printf("%s %s %s: %s%n", p.key(), p.params(), p.state().toLowerCase(),
            p.reason() == null ? "" : p.reason());
      }
      return 0;
    }
  }
}
