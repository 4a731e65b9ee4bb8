package io.kakehashi.cli;

import io.kakehashi.engine.EngineLock;
import io.kakehashi.store.PointRecord;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows a run's state, its points per step and how far its running points are (the latest run if none is named).")
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN")
  String run;

  @Mixin HomeOptions home;

  @Override
  public Integer call() {
    try (RunStore store = home.openStoreForReading()) {
      RunSummary r = HomeOptions.findRun(store, run);
      System.out.printf("run %s  workflow %s  state %s  started %s%n", r.runId(), r.workflow(),
          HomeOptions.shownState(r, EngineLock.holder(home.settings().home)), r.created());
      Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
      List<PointRecord> points = store.points(r.runId());
      for (PointRecord p : points) {
        counts.computeIfAbsent(p.key().step(), k -> new TreeMap<>()).merge(p.state(), 1, Integer::sum);
      }
      System.out.printf("%-24s %7s %9s %7s %8s %9s %8s %8s %7s%n", "step", "points", "succeeded", "cached",
          "running", "submitted", "retrying", "failed", "skipped");
      counts.forEach((step, c) -> System.out.printf("%-24s %7d %9d %7d %8d %9d %8d %8d %7d%n", step,
          c.values().stream().mapToInt(Integer::intValue).sum(), c.getOrDefault("SUCCEEDED", 0),
          c.getOrDefault("CACHED", 0), c.getOrDefault("RUNNING", 0), c.getOrDefault("SUBMITTED", 0),
          c.getOrDefault("RETRYING", 0), c.getOrDefault("FAILED", 0), c.getOrDefault("SKIPPED", 0)));
      store.progress(r.runId()).forEach((point, fraction) ->
          System.out.printf("running %s: %.0f%% done%n", point, 100 * fraction));
      for (PointRecord p : points) {
        if (p.state().equals("FAILED")) System.out.println("failed " + p.key() + " " + p.params() + ": " + p.message());
      }
      r.statistics().forEach((k, v) -> {
        if (!k.startsWith("points.") && v != 0) System.out.println(k + ": " + v);
      });
      return 0;
    }
  }
}
