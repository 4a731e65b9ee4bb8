package io.kakehashi.campaigns.alloy;

import com.univocity.parsers.csv.CsvWriter;
import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.lammps.BatchSpec;
import io.kakehashi.campaigns.alloy.sampling.SwapMonteCarlo;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.CandidateSource;
import io.kakehashi.campaigns.alloy.structure.Family;
import io.kakehashi.campaigns.alloy.structure.PackedSupercell;
import io.kakehashi.surrogate.data.Csv;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.metrics.Proportion;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.ReportSection;
import io.kakehashi.workflow.StepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the campaign's next LAMMPS relaxations go, and how well a model did on relaxations it had
 * not seen.
 *
 * <p>A round's <b>pool</b> is what the physics and the generator offer: snapshots of swap Monte
 * Carlo chains run on the current surrogate at several temperatures and compositions (the
 * segregated and ordered states a real alloy visits, which the generator never draws), plus
 * generated candidates of every family. A round's <b>picks</b> are the pool entries with the
 * largest calibrated ensemble spread (out-of-domain ones first), plus a uniformly random slice of
 * the pool so that the error measured on the picks is also an unbiased estimate over the pool.
 *
 * <p>Every pick is, by construction, a configuration the current model has never seen: comparing
 * its prediction with the LAMMPS value ({@link #judge}) measures the model and its gate exactly
 * where it is used next, per family and per Monte Carlo temperature.
 *
 * <p>Ids: generated candidates of round r come from their own id block ({@link #generatedId}),
 * far above any screened id; Monte Carlo snapshots get ids in another block ({@link #snapshotId})
 * and travel with their configuration ({@link CandidateSource.Explicit}).
 */
public final class ActiveLearning {
  /** The select step's value listing its LAMMPS batches (one {@link BatchSpec} parameter map each). */
  public static final String BATCHES = "batches";
  /** The select step's table of picks: id, family, temperature, selection, prediction, spread, gate. */
  public static final String PICKS_CSV = "picks.csv";
  /** Picked for the largest spread. */
  public static final String ACQUIRED = "acquired";
  /**
   * Picked from the tail of a screen: the lowest predictions per composition bin, accepted or
   * not. The screen's answer is taken from that tail, where a model's errors pile up (the lowest
   * of millions of predictions are disproportionately the ones it got too low), so the loop
   * trains on it.
   */
  public static final String TAIL = "tail";
  /** Picked uniformly at random from the pool. */
  public static final String RANDOM = "random";

  private static final long GENERATED_BASE = 1L << 40;
  private static final long SNAPSHOT_BASE = 1L << 50;
  private static final long BLOCK = 1L << 24;

  private ActiveLearning() {}

  /**
   * How the loop samples and picks.
   *
   * @param temperatures Monte Carlo temperatures of the pools (K)
   * @param compositions B fractions of the Monte Carlo chains
   * @param chains chains per (temperature, composition)
   * @param sweeps sweeps per chain (the first half is burn-in)
   * @param snapshots snapshots kept per chain
   * @param generated generated candidates in each pool
   * @param screened candidates screened per round for the tail picks (0: none); the tail's best
   *     per bin come first among the acquired picks
   * @param acquired picks per round by spread, the screen's tail included
   * @param random picks per round uniformly at random
   * @param toleranceEv the gate's tolerance: a prediction off by more than this is a false accept if the gate accepted it
   */
  public record Sampling(double[] temperatures, double[] compositions, int chains, int sweeps, int snapshots,
                         int generated, int screened, int acquired, int random, double toleranceEv) {
    public Sampling {
      temperatures = temperatures.clone();
      compositions = compositions.clone();
    }

    public int picks() {
      return acquired + random;
    }

    /** The same sampling with {@code random} uniformly random picks per round. */
    public Sampling withRandom(int random) {
      return new Sampling(temperatures, compositions, chains, sweeps, snapshots, generated, screened, acquired, random,
          toleranceEv);
    }
  }

  /**
   * One pool entry: an id, its family, its Monte Carlo temperature (NaN for generated), its
   * configuration, and whether it comes from the tail of the round's screen.
   */
  record Entry(long id, Family family, double temperature, long[] words, boolean tail) {
    Entry(long id, Family family, double temperature, long[] words) {
      this(id, family, temperature, words, false);
    }
  }

  /** A pick with the current model's view of it. */
  record Pick(Entry entry, String selection, double fractionB, double predicted, double spread, String decision) {}

  /** Composition bins and picks per bin (accepted, and again uncertain) of a round's screen tail. */
  static final int TAIL_BINS = 10;
  static final int TAIL_PER_BIN = 2;

  static long generatedId(int round, long i) {
    return GENERATED_BASE + round * BLOCK + i;
  }

  static long snapshotId(int round, long i) {
    return SNAPSHOT_BASE + round * BLOCK + i;
  }

  /**
   * The round's pool: Monte Carlo snapshots on {@code model} at every temperature and
   * composition, and {@code generated} candidates of the generator's own id block.
   */
  static List<Entry> pool(int round, Sampling s, Descriptors descriptors, CandidateGenerator generator,
      Screening.BlockModel model, long seed, StepContext ctx) throws Exception {
    List<Entry> pool = new ArrayList<>();
    long[] words = new long[PackedSupercell.WORDS];
    for (int i = 0; i < s.generated(); i++) {
      long id = generatedId(round, i);
      Family f = generator.fill(id, words);
      pool.add(new Entry(id, f, Double.NaN, words.clone()));
    }
    if (s.screened() > 0) {
      // Ids after the generated ones: a screen of its own, not the campaign's screened range.
      Screening.Result tail = new Screening(descriptors, generator).screen(generatedId(round, s.generated()),
          s.screened(), 256, model, TAIL_BINS, TAIL_PER_BIN, 0, 0);
      List<Screening.Pick> best = new ArrayList<>(tail.topPicks());
      best.addAll(tail.uncertainPicks());
      for (Screening.Pick p : best) {
        Family f = generator.fill(p.id(), words);
        pool.add(new Entry(p.id(), f, Double.NaN, words.clone(), true));
      }
    }
    long next = 0;
    List<List<Object>> science = new ArrayList<>();
    SwapMonteCarlo.Energy energy = SwapMonteCarlo.surrogate(descriptors, model);
    double[] row = new double[descriptors.size()];
    for (double t : s.temperatures()) {
      for (double x : s.compositions()) {
        int countB = (int) Math.round(x * PackedSupercell.SITES);
        SwapMonteCarlo.Result r = SwapMonteCarlo.run(energy, new SwapMonteCarlo.Settings(t, countB, s.chains(),
            s.sweeps(), seed ^ (round * 7919L), s.snapshots()), Math.max(1, s.chains()));
        double sro = 0;
        for (SwapMonteCarlo.Snapshot snap : r.snapshots()) {
          pool.add(new Entry(snapshotId(round, next++), Family.MONTE_CARLO, t, snap.words()));
          descriptors.compute(snap.words(), row, 0);
          sro += row[1 + descriptors.lattice().shells()];
        }
        science.add(List.of(t, x, sro / r.snapshots().size(), r.meanEnergyPerAtom() * 1000, r.acceptanceRate()));
      }
    }
    if (ctx != null) {
      ctx.value("monte_carlo", science.stream().map(l -> Map.of("temperature_K", l.get(0), "x_B", l.get(1),
          "sro_1", l.get(2), "mixing_energy_mev", l.get(3), "acceptance", l.get(4))).toList());
      ctx.value("report.monte_carlo", ReportSection.table("Swap Monte Carlo on the surrogate (round " + round
          + " pool): Warren-Cowley α₁ and mixing energy against temperature", List.of("T (K)", "x_B",
          "Warren-Cowley α₁", "mixing energy (meV/atom)", "swap acceptance"), science));
    }
    return pool;
  }

  /**
   * The round's picks: the {@code acquired} entries with the largest spread (out-of-domain
   * first), each structure once, then {@code random} more drawn uniformly from the rest.
   */
  static List<Pick> pick(List<Entry> pool, Sampling s, Descriptors descriptors, Screening.BlockModel model,
      long seed) throws Exception {
    int n = pool.size();
    int f = descriptors.size();
    float[] block = new float[Math.max(1, n) * f];
    double[] row = new double[f];
    for (int r = 0; r < n; r++) {
      descriptors.compute(pool.get(r).words(), row, 0);
      for (int c = 0; c < f; c++) block[c * n + r] = (float) row[c];
    }
    double[] mean = new double[n];
    double[] spread = new double[n];
    String[] decision = new String[n];
    long[] shape = new long[n];
    Family[] families = new Family[Math.max(1, n)];
    for (int r = 0; r < n; r++) families[r] = pool.get(r).family();
    if (n > 0) model.predict(block, n, n, families, mean);
    for (int r = 0; r < n; r++) {
      spread[r] = model.spread(r);
      decision[r] = model.decision(r);
      long h = 0x9e3779b97f4a7c15L;
      for (int c = 0; c < f; c++) h = CandidateGenerator.mix(h ^ Float.floatToIntBits(block[c * n + r]));
      shape[r] = h;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    // Out of domain first (the model extrapolates there whatever its spread), then by spread.
    Arrays.sort(order, (a, b) -> {
      boolean oa = "OUT_OF_DOMAIN".equals(decision[a]);
      boolean ob = "OUT_OF_DOMAIN".equals(decision[b]);
      if (oa != ob) return oa ? -1 : 1;
      int c = Double.compare(spread[b], spread[a]);
      return c != 0 ? c : Long.compare(pool.get(a).id(), pool.get(b).id());
    });
    Set<Long> shapes = new HashSet<>();
    boolean[] taken = new boolean[n];
    List<Pick> picks = new ArrayList<>();
    for (int r = 0; r < n && picks.size() < s.acquired(); r++) {
      if (!pool.get(r).tail() || !shapes.add(shape[r])) continue;
      taken[r] = true;
      picks.add(new Pick(pool.get(r), TAIL, block[r], mean[r], spread[r], decision[r]));
    }
    for (int i = 0; i < n && picks.size() < s.acquired(); i++) {
      int r = order[i];
      if (taken[r] || !shapes.add(shape[r])) continue;
      taken[r] = true;
      picks.add(new Pick(pool.get(r), ACQUIRED, block[r], mean[r], spread[r], decision[r]));
    }
    int[] perm = Table.permutation(n, seed);
    int randomPicks = 0;
    for (int i = 0; i < n && randomPicks < s.random(); i++) {
      int r = perm[i];
      if (taken[r] || !shapes.add(shape[r])) continue;
      taken[r] = true;
      randomPicks++;
      picks.add(new Pick(pool.get(r), RANDOM, block[r], mean[r], spread[r], decision[r]));
    }
    return picks;
  }

  /** The picks as LAMMPS batches of {@code batchSize}, Monte Carlo snapshots with their configurations. */
  static List<Map<String, Object>> batches(List<Pick> picks, AlloySystem system, int cells, int shells,
      boolean histograms, long seed, int batchSize) {
    List<Pick> sorted = new ArrayList<>(picks);
    sorted.sort((a, b) -> Long.compare(a.entry().id(), b.entry().id()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += batchSize) {
      List<Pick> chunk = sorted.subList(from, Math.min(sorted.size(), from + batchSize));
      long[] ids = chunk.stream().mapToLong(p -> p.entry().id()).toArray();
      Map<Long, CandidateSource.Explicit> explicit = new LinkedHashMap<>();
      for (Pick p : chunk) {
        if (p.entry().family() == Family.MONTE_CARLO) {
          explicit.put(p.entry().id(), new CandidateSource.Explicit(Family.MONTE_CARLO, p.entry().words()));
        }
      }
      out.add(new BatchSpec(system, cells, shells, histograms, seed, ids, explicit).toParams());
    }
    return out;
  }

  static void writePicks(Path file, List<Pick> picks) throws IOException {
    CsvWriter w = Csv.write(file);
    try {
      w.writeHeaders("candidate_id", "family", "temperature_K", "selection", "x_B", "predicted_eV", "spread_eV",
          "gate_decision");
      for (Pick p : picks) {
        w.writeRow(Long.toString(p.entry().id()), p.entry().family().name(),
            Double.isNaN(p.entry().temperature()) ? "" : String.format(Locale.ROOT, "%.0f", p.entry().temperature()),
            p.selection(), String.format(Locale.ROOT, "%.6f", p.fractionB()),
            String.format(Locale.ROOT, "%.9f", p.predicted()), String.format(Locale.ROOT, "%.9f", p.spread()),
            p.decision());
      }
    } finally {
      w.close();
    }
  }

  /** What a picks file says about one candidate. */
  record Picked(long id, Family family, String group, String selection) {}

  /** Reads a {@value #PICKS_CSV}: per id, its group (family, or the Monte Carlo temperature) and selection. */
  static Map<Long, Picked> readPicks(List<Path> files) throws IOException {
    Map<Long, Picked> out = new HashMap<>();
    for (Path file : files) {
      for (Csv.Line line : Csv.lines(file, 8)) {
        String group = line.get(2).isEmpty() ? line.get(1) : "MC " + line.get(2) + " K";
        long id = line.getLong(0);
        out.put(id, new Picked(id, Family.valueOf(line.get(1)), group, line.get(3)));
      }
    }
    return out;
  }

  /**
   * How one model did on relaxations it had not seen, per group: MAE, coverage of ±1σ and ±2σ,
   * how many its gate accepted, and how many of those were off by more than the tolerance.
   */
  record Score(String group, int n, double mae, double within1, double within2, int accepted, int falseAccepts) {
    double falseAcceptRate() {
      return accepted == 0 ? 0 : falseAccepts / (double) accepted;
    }

    /** The ±2σ coverage with its sampling error: 19 of 20 is anything from 0.76 to 0.99. */
    Proportion coverage2() {
      return Proportion.ofFraction(within2, n);
    }

    Proportion falseAcceptsOfAccepted() {
      return new Proportion(falseAccepts, accepted);
    }

    List<Object> row(String model) {
      Proportion c = coverage2();
      return List.of(model, group, n, mae * 1000, within1, within2,
          n == 0 ? "" : String.format(Locale.ROOT, "%.2f-%.2f", c.low(), c.high()), accepted, falseAccepts,
          accepted == 0 ? "" : String.format(Locale.ROOT, "%.3f", falseAcceptRate()),
          accepted == 0 ? "" : String.format(Locale.ROOT, "%.3f", falseAcceptsOfAccepted().high()));
    }

    Map<String, Object> values() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", n);
      m.put("mae_mev", mae * 1000);
      m.put("within_1_sigma", within1);
      m.put("within_2_sigma", within2);
      m.put("accepted", accepted);
      m.put("false_accepts", falseAccepts);
      m.put("false_accept_rate", falseAcceptRate());
      if (n > 0) {
        m.put("within_2_sigma_low", coverage2().low());
        m.put("within_2_sigma_high", coverage2().high());
      }
      if (accepted > 0) m.put("false_accept_rate_high", falseAcceptsOfAccepted().high());
      return m;
    }
  }

  static final List<String> SCORE_COLUMNS = List.of("model", "group", "n", "MAE (meV/atom)", "within ±1σ",
      "within ±2σ", "±2σ, 95% interval", "accepted", "accepted but off > tolerance", "false-accept rate",
      "false-accept rate, 95% upper bound");

  /**
   * Scores {@code model} on the LAMMPS rows of {@code truth}: per group of {@code picks}, and
   * overall (group "all"), in that order.
   */
  static List<Score> judge(TrainingTable truth, Map<Long, Picked> picks, Screening.BlockModel model,
      double toleranceEv) throws Exception {
    int n = truth.rows();
    double[] mean = predict(truth, picks, model);
    Map<String, List<Integer>> groups = new TreeMap<>();
    Map<String, List<Integer>> selections = new TreeMap<>();
    for (int r = 0; r < n; r++) {
      Picked p = picks.get(truth.ids()[r]);
      groups.computeIfAbsent(p == null ? "unknown" : p.group(), k -> new ArrayList<>()).add(r);
      // The screen's tail is where a gate is tested hardest: scored on its own as well.
      if (p != null) selections.computeIfAbsent("picked: " + p.selection(), k -> new ArrayList<>()).add(r);
    }
    if (selections.size() > 1) groups.putAll(selections);
    List<Integer> all = new ArrayList<>();
    for (int r = 0; r < n; r++) all.add(r);
    List<Score> out = new ArrayList<>();
    groups.forEach((g, rows) -> out.add(score(g, rows, truth, mean, model, toleranceEv)));
    out.add(score("all", all, truth, mean, model, toleranceEv));
    return out;
  }

  /**
   * The model's predictions for the feature rows of {@code truth}, each with its family from
   * {@code picks}; its spread and decision for row r are then {@code model.spread(r)} and
   * {@code model.decision(r)}.
   */
  private static double[] predict(TrainingTable truth, Map<Long, Picked> picks, Screening.BlockModel model)
      throws Exception {
    int n = truth.rows();
    int f = truth.featureNames().size();
    int stride = Math.max(1, n);
    float[] block = new float[stride * f];
    Family[] families = new Family[stride];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < f; c++) block[c * stride + r] = (float) truth.features()[r * f + c];
      Picked p = picks.get(truth.ids()[r]);
      families[r] = p == null ? null : p.family();
    }
    double[] mean = new double[n];
    if (n > 0) model.predict(block, stride, n, families, mean);
    return mean;
  }

  /**
   * Per family, each row's |error| / σ with the model's own, uncorrected σ: what {@link
   * FamilyCalibration#fit} turns into the next models' factors. These rows are, by construction,
   * ones the model had not seen; σ was calibrated on rows like its training rows, and where it is
   * used (the screen's tail, families the first model never met) it is too narrow or too wide by
   * a factor that depends on the family. Rows {@link #ACQUIRED} for their large spread are left
   * out: chosen because σ was large, their errors are small against σ, and a factor fitted on
   * them shrinks σ where it is not too wide (in a first run, Monte Carlo snapshots acquired from
   * the first model had errors a twentieth of σ, and the factor they asked for halved the
   * coverage of held-out snapshots). The random slice and the screen's tail remain: the pool as
   * drawn, and where the screen's gate decides.
   */
  static Map<Family, double[]> ratios(TrainingTable truth, Map<Long, Picked> picks, Screening.BlockModel uncorrected)
      throws Exception {
    double[] mean = predict(truth, picks, uncorrected);
    Map<Family, List<Double>> byFamily = new EnumMap<>(Family.class);
    for (int r = 0; r < truth.rows(); r++) {
      Picked p = picks.get(truth.ids()[r]);
      if (p == null || ACQUIRED.equals(p.selection())) continue;
      double s = uncorrected.spread(r);
      byFamily.computeIfAbsent(p.family(), k -> new ArrayList<>())
          .add(Math.abs(mean[r] - truth.target()[r]) / (s > 0 ? s : Double.MIN_VALUE));
    }
    Map<Family, double[]> out = new EnumMap<>(Family.class);
    byFamily.forEach((f, l) -> out.put(f, l.stream().mapToDouble(Double::doubleValue).toArray()));
    return out;
  }

  private static Score score(String group, List<Integer> rows, TrainingTable truth, double[] mean,
      Screening.BlockModel model, double toleranceEv) {
    double abs = 0;
    int w1 = 0;
    int w2 = 0;
    int accepted = 0;
    int falseAccepts = 0;
    for (int r : rows) {
      double e = Math.abs(mean[r] - truth.target()[r]);
      double s = model.spread(r);
      abs += e;
      if (e <= s) w1++;
      if (e <= 2 * s) w2++;
      if ("ACCEPTED".equals(model.decision(r))) {
        accepted++;
        if (e > toleranceEv) falseAccepts++;
      }
    }
    int n = rows.size();
    return new Score(group, n, n == 0 ? Double.NaN : abs / n, n == 0 ? Double.NaN : w1 / (double) n,
        n == 0 ? Double.NaN : w2 / (double) n, accepted, falseAccepts);
  }

  /** Reads the {@link Sampling} a select step's parameters carry. */
  static Sampling sampling(Params p) {
    return new Sampling(doubles(p.getString("temperatures")), doubles(p.getString("compositions")),
        p.getInt("chains"), p.getInt("sweeps"), p.getInt("snapshots"), p.getInt("generated"), p.getInt("screened"),
        p.getInt("acquired"),
        p.getInt("random"), p.getDouble("tolerance_ev"));
  }

  /** The parameters {@link #sampling(Params)} reads back. */
  static Map<String, Object> params(Sampling s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("temperatures", join(s.temperatures()));
    m.put("compositions", join(s.compositions()));
    m.put("chains", s.chains());
    m.put("sweeps", s.sweeps());
    m.put("snapshots", s.snapshots());
    m.put("generated", s.generated());
    m.put("screened", s.screened());
    m.put("acquired", s.acquired());
    m.put("random", s.random());
    m.put("tolerance_ev", s.toleranceEv());
    return m;
  }

  private static String join(double[] v) {
    return String.join(" ", Arrays.stream(v).mapToObj(d -> String.format(Locale.ROOT, "%s", d)).toList());
  }

  private static double[] doubles(String s) {
    return s.isBlank() ? new double[0] : Arrays.stream(s.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
  }
}
