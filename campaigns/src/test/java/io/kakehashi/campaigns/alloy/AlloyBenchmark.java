package io.kakehashi.campaigns.alloy;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;

import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.lammps.BatchHdf5Writer;
import io.kakehashi.campaigns.alloy.lammps.BatchSpec;
import io.kakehashi.campaigns.alloy.lammps.LammpsResults;
import io.kakehashi.campaigns.alloy.lammps.LocalLammps;
import io.kakehashi.campaigns.alloy.screen.LinearModel;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import io.kakehashi.campaigns.alloy.structure.PackedSupercell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measurements for the report, run by hand (not a unit test):
 *
 * <pre>
 * java -cp CLASSPATH io.kakehashi.campaigns.alloy.AlloyBenchmark relax OUTDIR FIRST COUNT BATCH RANKS
 * java -cp CLASSPATH io.kakehashi.campaigns.alloy.AlloyBenchmark descriptors N
 * java -cp CLASSPATH io.kakehashi.campaigns.alloy.AlloyBenchmark fit OUTDIR [MAXID]
 * java -cp CLASSPATH io.kakehashi.campaigns.alloy.AlloyBenchmark screen OUTDIR N [THREADS]
 * java -cp CLASSPATH io.kakehashi.campaigns.alloy.AlloyBenchmark ensemble MODEL_JSON N THREADS [ROUNDS]
 * java -cp CLASSPATH io.kakehashi.campaigns.alloy.AlloyBenchmark campaign WORKDIR [key=value ...]
 * </pre>
 *
 * {@code relax} relaxes ids FIRST.. in batches and writes one HDF5 file per batch, printing
 * per-batch process wall time and LAMMPS loop time per candidate; {@code descriptors} times
 * generation + featurisation of N candidates into blocks; {@code fit} fits a
 * {@link LinearModel} to the HDF5 files under OUTDIR (ids below MAXID) and prints held-out MAE
 * and R^2; {@code screen} screens N candidates through that model (generation, featurisation,
 * prediction, top-k) and prints seconds per candidate; {@code ensemble} times generation and
 * descriptors alone (one thread) and then screens N candidates through a trained ensemble
 * (a campaign's {@code model.json}) as the screen step does, model loading included, ROUNDS
 * times in one JVM (the first round is the cold one a campaign pays); {@code campaign} runs {@link AlloyCampaign}
 * on the engine with the local executor and prints per-step wall times and the recorded values.
 */
public final class AlloyBenchmark {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "relax" -> relax(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), Integer.parseInt(args[5]));
      case "descriptors" -> descriptors(Long.parseLong(args[1]));
      case "fit" -> fit(Path.of(args[1]), args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE);
      case "ensemble" -> ensemble(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
          args.length > 4 ? Integer.parseInt(args[4]) : 3);
      case "campaign" -> campaign(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length));
      case "screen" -> {
        LinearModel model = fit(Path.of(args[1]), Long.MAX_VALUE);
        screen(model, Long.parseLong(args[2]));
        if (args.length > 3) screenParallel(model, Long.parseLong(args[2]), Integer.parseInt(args[3]));
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void relax(Path out, long first, int count, int batch, int ranks) throws Exception {
    double wall = 0;
    double loop = 0;
    int done = 0;
    for (int from = 0; from < count; from += batch) {
      int n = Math.min(batch, count - from);
      long[] ids = new long[n];
      for (int i = 0; i < n; i++) ids[i] = first + from + i;
      BatchSpec spec = new BatchSpec(AlloySystem.CU_NI, 4, 4, 20261123L, ids);
      Path dir = out.resolve("batch-" + (first + from));
      LocalLammps.Run run = new LocalLammps().relax(spec, dir, ranks);
      BatchHdf5Writer.write(dir.resolve("batch.h5"), spec.descriptors(), spec.source(), run.results());
      double l = run.results().relaxed().stream().mapToDouble(LammpsResults.Relaxed::seconds).sum();
      wall += run.processSeconds();
      loop += l;
      done += run.results().relaxed().size();
      System.out.printf(Locale.ROOT, "batch %d: %d relaxed, %d failed, process %.3f s, %.4f s/candidate (loop %.4f)%n",
          first + from, run.results().relaxed().size(), run.results().failures().size(), run.processSeconds(),
          run.processSeconds() / n, l / n);
    }
    System.out.printf(Locale.ROOT, "batch=%d ranks=%d: %d candidates, wall %.4f s/candidate, LAMMPS loop %.4f s/candidate%n",
        batch, ranks, done, wall / done, loop / done);
  }

  private static void campaign(Path work, String[] keyValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String kv : keyValues) params.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    io.kakehashi.store.RunStore store = io.kakehashi.store.RunStore.open(work.resolve("runs.db"));
    try (io.kakehashi.engine.Engine engine = io.kakehashi.engine.Engine.builder().store(store)
        .workRoot(work.resolve("work")).executor(io.kakehashi.local.LocalExecutor.onThisMachine()).build()) {
      long start = System.nanoTime();
      io.kakehashi.engine.RunOutcome out = engine.run(new AlloyCampaign().define(params), "benchmark", params);
      System.out.printf(Locale.ROOT, "run %s: %s in %.1f s%n", out.runId(), out.state(), (System.nanoTime() - start) / 1e9);
      Map<String, double[]> span = new LinkedHashMap<>();
      for (io.kakehashi.store.PointRecord p : store.points(out.runId())) {
        if (p.started() == null || p.ended() == null) continue;
        double[] s = span.computeIfAbsent(p.key().step(), k -> new double[] {Double.MAX_VALUE, 0, 0, 0});
        double a = p.started().toEpochMilli() / 1e3;
        double b = p.ended().toEpochMilli() / 1e3;
        s[0] = Math.min(s[0], a);
        s[1] = Math.max(s[1], b);
        s[2] += b - a;
        s[3]++;
      }
      span.forEach((step, s) -> System.out.printf(Locale.ROOT, "step %-15s %3.0f points, makespan %8.2f s, sum of point wall %8.2f s%n",
          step, s[3], s[1] - s[0], s[2]));
      for (String step : span.keySet()) {
        if (step.contains("pack") || step.contains("prepare") || step.contains("relax")) continue;
        System.out.println("values " + step + ": " + store.values(out.runId(), step));
      }
    } finally {
      store.close();
    }
  }

  private static void ensemble(Path modelJson, long n, int threads, int rounds) throws Exception {
    FccLattice lattice = new FccLattice(4, 4);
    Descriptors d = new Descriptors(AlloySystem.CU_NI, lattice);
    CandidateGenerator g = new CandidateGenerator(lattice, 20261123L);
    long[] words = new long[PackedSupercell.WORDS];
    double[] row = new double[d.size()];
    double checksum = 0;
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      for (long id = 0; id < 1_000_000; id++) g.fill(id, words);
      long t1 = System.nanoTime();
      for (long id = 0; id < 1_000_000; id++) {
        words[0] = id * 0x9E3779B97F4A7C15L; // a changing occupation, so nothing is hoisted
        d.compute(words, row, 0);
        checksum += row[1];
      }
      long t2 = System.nanoTime();
      System.out.printf(Locale.ROOT, "round %d, 1 thread: generation %.0f ns, descriptors %.0f ns per candidate%n",
          round, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
    EnsembleSurrogate surrogate = EnsembleSurrogate.defaults(1, 1, 1.0, 16);
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      Screening.BlockModel loaded = surrogate.load(modelJson, d.names());
      Screening.Result r = Screening.screenParallel(threads, () -> new Screening(d, new CandidateGenerator(lattice, 20261123L)),
          loaded::forAnotherThread, 3000, n, AlloyScreening.BLOCK_ROWS, 10, 3, 20, 20261124L);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "round %d, %d threads: %d candidates in %.3f s wall with model loading, %.3f µs per"
          + " candidate %s%n", round, threads, r.screened(), seconds, seconds / r.screened() * 1e6, r.decisions());
    }
    System.out.println("(checksum " + checksum + ")");
  }

  private static void screenParallel(LinearModel model, long n, int threads) throws Exception {
    FccLattice lattice = new FccLattice(4, 4);
    Descriptors d = new Descriptors(AlloySystem.CU_NI, lattice);
    Supplier<Screening> s = () -> new Screening(d, new CandidateGenerator(lattice, 20261123L));
    Screening.screenParallel(threads, s, () -> model, 10_000_000, 300_000, 4096, 10, 3, 20, 1); // warm-up
    Screening.Result r = Screening.screenParallel(threads, s, () -> model, 1_000_000, n, 4096, 10, 3, 20, 1);
    System.out.printf(Locale.ROOT, "screened %d candidates on %d threads in %.3f s wall: %.3g wall s/candidate%n",
        r.screened(), threads, r.seconds(), r.secondsPerCandidate());
  }

  private static void screen(LinearModel model, long n) throws Exception {
    FccLattice lattice = new FccLattice(4, 4);
    Screening s = new Screening(new Descriptors(AlloySystem.CU_NI, lattice), new CandidateGenerator(lattice, 20261123L));
    s.screen(10_000_000, 300_000, 4096, model, 10, 3, 20, 1); // warm-up
    long cpu = cpuNanos();
    Screening.Result r = s.screen(1_000_000, n, 4096, model, 10, 3, 20, 1);
    double cpuSeconds = (cpuNanos() - cpu) / 1e9;
    System.out.printf(Locale.ROOT, "screened %d candidates in %.3f s wall, %.3f s CPU: %.3g wall s/candidate, %.3g CPU s/candidate"
        + " (%.0f candidates per CPU second, 1 thread); best in bin 5: %s%n",
        r.screened(), r.seconds(), cpuSeconds, r.secondsPerCandidate(), cpuSeconds / n, n / cpuSeconds, r.top().get(5).get(0));
  }

  private static LinearModel fit(Path out, long maxId) throws Exception {
    List<Path> files;
    try (var walk = Files.walk(out)) {
      files = walk.filter(p -> p.getFileName().toString().equals("batch.h5")).sorted().toList();
    }
    List<String> names = new Descriptors(AlloySystem.CU_NI, new FccLattice(4, 4)).names();
    TrainingTable t = TrainingTable.read(files, names, "mixing_energy");
    boolean[] train = new boolean[t.rows()];
    boolean[] test = new boolean[t.rows()];
    for (int r = 0; r < t.rows(); r++) {
      test[r] = t.heldOut(r, 0.2);
      train[r] = !test[r] && t.ids()[r] < maxId;
    }
    LinearModel m = LinearModel.fit(t, train);
    io.kakehashi.surrogate.metrics.RegressionMetrics tr = m.evaluate(t, train);
    io.kakehashi.surrogate.metrics.RegressionMetrics te = m.evaluate(t, test);
    System.out.printf(Locale.ROOT, "linear fit on %d rows: train MAE %.3f meV/atom; held-out %d rows: MAE %.3f meV/atom, R^2 %.5f%n",
        tr.n(), tr.mae() * 1000, te.n(), te.mae() * 1000, te.r2());
    return m;
  }

  private static void descriptors(long n) {
    FccLattice lattice = new FccLattice(4, 4);
    Screening s = new Screening(new Descriptors(AlloySystem.CU_NI, lattice), new CandidateGenerator(lattice, 1));
    int block = 4096;
    float[] features = new float[block * s.columns()];
    double checksum = 0;
    for (int warm = 0; warm < 3; warm++) {
      for (long id = 0; id < 200_000; id += block) s.featurise(id, block, features, block);
    }
    long start = System.nanoTime();
    long cpu = cpuNanos();
    for (long id = 0; id < n; id += block) {
      int rows = (int) Math.min(block, n - id);
      s.featurise(id, rows, features, block);
      checksum += features[0];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (cpuNanos() - cpu) / 1e9;
    System.out.printf(Locale.ROOT, "%d candidates generated + featurised (%d features) in %.3f s wall, %.3f s CPU:"
        + " %.0f candidates/s wall, %.0f per CPU second, 1 thread (checksum %.3f)%n",
        n, s.columns(), seconds, cpuSeconds, n / seconds, n / cpuSeconds, checksum);
  }

  /** CPU time of this thread: on a shared machine wall time also counts other people's work. */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }
}
