package io.kakehashi.bench.surrogate;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.gate.GatePolicy;
import io.kakehashi.surrogate.gate.GateResult;
import io.kakehashi.surrogate.gate.SurrogateGate;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import io.kakehashi.surrogate.model.MlpConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Screens 1,000,000 alloy-sized candidates (16 features) through the surrogate gate with a
 * 5-member ensemble, as issue 6's campaign does, and prints candidates per second of wall time
 * and per second of the screening thread's CPU time. With {@code OMP_NUM_THREADS=1} all of
 * ND4J's arithmetic runs on that thread, so the CPU-time rate is what an otherwise idle core
 * delivers even when the machine is shared.
 *
 * <pre>OMP_NUM_THREADS=1 java -cp ... io.kakehashi.bench.surrogate.ScreeningThroughput [candidates]</pre>
 */
public final class ScreeningThroughput {
  private ScreeningThroughput() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 16; i++) names.add("f" + i);
    Table candidates = uniform(names, n, 1);
    Table training = uniform(names, 2000, 2);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf("%-12s %-22s %12s %10s %16s %16s%n", "hidden", "step", "candidates", "wall s", "per wall s",
        "per CPU s");
    for (List<Integer> hidden : List.of(List.of(64, 64), List.of(256, 256))) {
      MlpConfig mlp = MlpConfig.builder().hiddenLayers(hidden).maxEpochs(1).validationFraction(0).batchSize(256).build();
      Ensemble model = EnsembleTrainer.train(training, FeatureSchema.continuous(names), List.of("y"),
          EnsembleConfig.of(mlp, 5));
      SurrogateGate gate = new SurrogateGate(model, "bench@v1", GatePolicy.of("y", 0.01));
      gate.screen(candidates.slice(0, 70_000)); // warm-up
      for (int rep = 0; rep < 2; rep++) {
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        GateResult result = gate.screen(candidates);
        double wallS = (System.nanoTime() - wall) / 1e9;
        double cpuS = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("%-12s %-22s %,12d %10.2f %,16.0f %,16.0f%n", hidden, "gate.screen (5 members)",
            result.size(), wallS, n / wallS, n / cpuS);
      }
    }
  }

  private static Table uniform(List<String> names, int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (String f : names) {
      double[] c = new double[rows];
      for (int r = 0; r < rows; r++) c[r] = rnd.nextDouble();
      cols.put(f, c);
    }
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) y[r] = 0.1 * Math.sin(3 * cols.get("f0")[r]) * cols.get("f1")[r];
    cols.put("y", y);
    return Table.of(cols);
  }
}
