package io.kakehashi.bench.engine;

import io.kakehashi.engine.Engine;
import io.kakehashi.engine.RunOutcome;
import io.kakehashi.store.RunStore;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * End-to-end engine overhead: no-op in-process points through planning, scheduling and the
 * durable SQLite store, and the time to build and validate a very large DAG. Prints a table.
 *
 * <pre>java -cp ... io.kakehashi.bench.engine.EngineBench [sweepPoints=100000] [chain=1000] [dagNodes=1000000]</pre>
 */
public final class EngineBench {
  public static void main(String[] args) throws Exception {
    int sweep = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int chain = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int dagNodes = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    Path dir = Files.createTempDirectory("kakehashi-bench");

    // Warm-up runs, as JMH would do, so that the JIT compiling the store's and the engine's hot
    // methods (about 0.4 s each) is not what we measure: one 5,000-point run left that to the
    // measured run and cost it about 15%.
    for (int i = 0; i < 3; i++) runSteps(dir.resolve("warm" + i), 20_000, 50);
    resetPeaks();
    long t0 = System.nanoTime();
    RunOutcome out = runSteps(dir.resolve("main"), sweep, chain);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long heap = peakHeap();
    int points = out.succeeded();
    long dbBytes = Files.size(dir.resolve("main/runs.db"));

    System.gc();
    resetPeaks();
    long b0 = System.nanoTime();
    Workflow big = bigDag(dagNodes);
    double buildSeconds = (System.nanoTime() - b0) / 1e9;
    long bigHeap = peakHeap();

    System.out.println();
    System.out.println("| measure | value |");
    System.out.println("|---|---|");
    System.out.printf("| points run (sweep %d + chain %d), durable SQLite store | %d |%n", sweep, chain, points);
    System.out.printf("| wall time | %.2f s |%n", seconds);
    System.out.printf("| throughput | %.0f points/s |%n", points / seconds);
    System.out.printf("| per point | %.1f us |%n", seconds * 1e6 / points);
    System.out.printf("| peak heap during run | %d MiB |%n", heap >> 20);
    System.out.printf("| run store size | %d MiB |%n", dbBytes >> 20);
    System.out.printf("| build + validate %d-step DAG | %.2f s |%n", big.steps().size(), buildSeconds);
    System.out.printf("| peak heap during DAG build | %d MiB |%n", bigHeap >> 20);
  }

  static RunOutcome runSteps(Path dir, int sweep, int chain) {
    List<Integer> xs = new ArrayList<>(sweep);
    for (int i = 0; i < sweep; i++) xs.add(i);
    Workflow.Builder wf = Workflow.builder("bench")
        .step(Step.function("wide", ctx -> {}).sweep(Sweep.over("i", xs)).version("1"));
    String previous = "wide";
    for (int i = 0; i < chain; i++) {
      String name = "chain" + i;
      wf.step(Step.function(name, ctx -> {}).after(previous).version("1"));
      previous = name;
    }
    try (RunStore store = RunStore.open(dir.resolve("runs.db"));
         Engine engine = Engine.builder().store(store).workRoot(dir.resolve("work")).build()) {
      RunOutcome out = engine.run(wf.build(), "bench", Map.of());
      if (!out.ok()) throw new IllegalStateException("bench run failed: " + out.failures());
      return out;
    }
  }

  /** A layered DAG: each step depends on up to two steps of the previous layer of 1,000. */
  static Workflow bigDag(int nodes) {
    Workflow.Builder b = Workflow.builder("big");
    int width = 1000;
    for (int i = 0; i < nodes; i++) {
      Step.Builder s = Step.command("s" + i, "true");
      if (i >= width) {
        s.after("s" + (i - width));
        if (i % width != 0) s.after("s" + (i - width - 1));
      }
      b.step(s);
    }
    return b.build();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    }
    return sum;
  }
}
