package io.kakehashi.campaigns.alloy;

import com.univocity.parsers.csv.CsvWriter;
import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.lammps.BatchHdf5Writer;
import io.kakehashi.campaigns.alloy.lammps.BatchPreparer;
import io.kakehashi.campaigns.alloy.lammps.BatchSpec;
import io.kakehashi.campaigns.alloy.lammps.LammpsResults;
import io.kakehashi.campaigns.alloy.screen.ScreenProgress;
import io.kakehashi.campaigns.alloy.screen.ScreenSpec;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.screen.SparkScreening;
import io.kakehashi.campaigns.alloy.screen.TrainingTable;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.Family;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import io.kakehashi.spark.SparkSessions;
import io.kakehashi.surrogate.data.Csv;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.ReportSection;
import io.kakehashi.workflow.RetryPolicy;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.StepContext;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The alloy-screening campaign as a workflow:
 *
 * <pre>
 * prepare[b] -> relax[b] (MPI lmp) -> pack[b] (HDF5)  -> surrogate steps (ingest, train)
 *   -> screen (1M candidates through the model) -> verify-prepare[v] -> verify-relax[v] -> verify-pack[v]
 *   -> verify-compare (surrogate vs LAMMPS on the picks)
 * </pre>
 *
 * Training batches b and verification batches v run the same three steps; a verification batch
 * lists the ids the screen step picked (top-k per composition bin plus a random sample) and is a
 * dynamic sweep over the screen step's {@value #VERIFY_KEY} value. The surrogate part belongs to
 * the {@link Surrogate} that the caller passes in. Every step reads its configuration from its
 * sweep point's parameters ({@link BatchSpec}), so the engine's fingerprints cover it.
 */
public final class AlloyScreening {
  public static final String PREPARE = "prepare";
  public static final String RELAX = "relax";
  public static final String PACK = "pack";
  public static final String SCREEN = "screen";
  /** The step that runs the first training batch with plain {@code lmp}, one per core: the baseline a user has. */
  public static final String BY_HAND = "lammps-by-hand";
  public static final String VERIFY = "verify-";
  /** The screen step's value that lists the verification batches (one parameter map each). */
  public static final String VERIFY_KEY = "verify";
  /**
   * Candidates per model call in the screen step. Small enough that a block's features (21 floats
   * a row, 61 with the histograms, column-major) stay in the core's caches while the ensemble reads them: 256 rows
   * screened 13% faster than 4096 (AlloyBenchmark), and the vector kernel needs no large batches.
   */
  static final int BLOCK_ROWS = 256;
  /** The HDF5 file each pack point writes. */
  public static final String BATCH_HDF5 = "batch.h5";
  /** The screen step's table of picks. */
  public static final String SCREENING_CSV = "screening.csv";
  /** The step that joins predictions and verification results. */
  public static final String COMPARE = "verify-compare";
  /** Its table: one row per verified pick. */
  public static final String VERIFICATION_CSV = "verification.csv";

  /**
   * The version every function step of the campaign declares: a digest of the bytecode of all
   * classes of this package ({@link #packageClasses}), because a step's result depends on the generator, descriptors,
   * input writer and parser, not only on the class that defines the step function. Change any of
   * them and the engine re-runs the steps instead of reusing cached results.
   */
  public static final String CODE_VERSION = codeVersion();

  private AlloyScreening() {}

  private static String codeVersion() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> c : packageClasses().entrySet()) {
        md.update(c.getKey().getBytes(StandardCharsets.UTF_8));
        md.update(c.getValue());
      }
      return "alloy@" + HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (IOException | URISyntaxException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest the alloy classes", e);
    }
  }

  /**
   * The bytecode of every class of this package and its subpackages, nested classes included, by
   * path relative to this package in sorted order: read from the directory or jar this class was
   * loaded from, so that no class can be left out of {@link #CODE_VERSION} by forgetting to list it.
   */
  static SortedMap<String, byte[]> packageClasses() throws IOException, URISyntaxException {
    String dir = AlloyScreening.class.getPackageName().replace('.', '/') + "/";
    Path location = Path.of(AlloyScreening.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    SortedMap<String, byte[]> out = new TreeMap<>();
    if (Files.isDirectory(location)) {
      Path root = location.resolve(dir);
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          out.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        for (JarEntry e : Collections.list(jar.entries())) {
          String name = e.getName();
          if (name.startsWith(dir) && name.endsWith(".class")) {
            try (InputStream in = jar.getInputStream(e)) {
              out.put(name.substring(dir.length()), in.readAllBytes());
            }
          }
        }
      }
    }
    if (out.isEmpty()) throw new IOException("no classes of " + dir + " in " + location);
    return out;
  }

  /**
   * Sizes of a campaign.
   *
   * @param system alloy and potential
   * @param cells conventional fcc cells per supercell edge: 4 (256 atoms), the supercell the
   *     packed generator and descriptors are built for
   * @param shells neighbour shells in the descriptors (1..7 fit a 4x4x4 supercell)
   * @param histograms whether the descriptors include the neighbour-count histograms
   *     ({@link Descriptors}): more accurate, slower to screen
   * @param seed generator seed: candidate id i is the same structure in every step and run
   * @param trainingCandidates candidates relaxed with LAMMPS for the first model: the first ids
   *     of the {@link #INITIAL_FAMILIES}, so that the first active-learning round meets families
   *     the first model never saw
   * @param batchSize candidates per LAMMPS process
   * @param ranks MPI ranks per LAMMPS process
   * @param screenCandidates ids after the training candidates screened through the surrogate
   * @param compositionBins composition bins for the top-k
   * @param topK candidates verified per bin
   * @param randomSample randomly chosen screened candidates also verified
   * @param compositions exact B fractions whose best candidates are also kept (each rounded to a
   *     whole number of B atoms), e.g. the stoichiometric orderings' 0.25 and 0.5
   * @param learning the active-learning rounds, the random-acquisition baseline and the held-out judge set
   */
  public record Config(AlloySystem system, int cells, int shells, boolean histograms, long seed,
      int trainingCandidates, int batchSize, int ranks, long screenCandidates, int compositionBins, int topK,
      int randomSample, List<Double> compositions, Learning learning) {
    public Config {
      Objects.requireNonNull(system, "system");
      Objects.requireNonNull(learning, "learning");
      compositions = List.copyOf(compositions);
      for (double x : compositions) {
        if (!(x >= 0 && x <= 1)) throw new IllegalArgumentException("composition " + x + " is not a fraction in [0, 1]");
      }
      if (trainingCandidates < 1 || batchSize < 1 || ranks < 1 || screenCandidates < 1 || compositionBins < 1
          || topK < 0 || randomSample < 0) {
        throw new IllegalArgumentException("campaign sizes must be positive: " + this);
      }
      // Fails early, naming the shell or the cell count, if the supercell cannot be screened.
      new Descriptors(system, new FccLattice(cells, shells));
    }

    /** Descriptors without the histograms. */
    public Config(AlloySystem system, int cells, int shells, long seed, int trainingCandidates, int batchSize,
        int ranks, long screenCandidates, int compositionBins, int topK, int randomSample, List<Double> compositions,
        Learning learning) {
      this(system, cells, shells, false, seed, trainingCandidates, batchSize, ranks, screenCandidates,
          compositionBins, topK, randomSample, compositions, learning);
    }

    /** The descriptors every step computes. */
    public Descriptors descriptors() {
      return new Descriptors(system, new FccLattice(cells, shells), histograms);
    }

    /** Without active learning: the campaign as one training round. */
    public Config(AlloySystem system, int cells, int shells, long seed, int trainingCandidates, int batchSize,
        int ranks, long screenCandidates, int compositionBins, int topK, int randomSample) {
      this(system, cells, shells, seed, trainingCandidates, batchSize, ranks, screenCandidates, compositionBins, topK,
          randomSample, Learning.NONE);
    }

    /** With the {@link #STOICHIOMETRIC} compositions. */
    public Config(AlloySystem system, int cells, int shells, long seed, int trainingCandidates, int batchSize,
        int ranks, long screenCandidates, int compositionBins, int topK, int randomSample, Learning learning) {
      this(system, cells, shells, seed, trainingCandidates, batchSize, ranks, screenCandidates, compositionBins, topK,
          randomSample, STOICHIOMETRIC, learning);
    }

    /** Cu-Ni, 256-atom supercells, 4 shells, 1000 initial candidates in batches of 50, 3 rounds, 10M screened. */
    public static Config defaults() {
      return new Config(AlloySystem.CU_NI, 4, 4, 20261123L, 1000, 50, 1, 10_000_000, 10, 3, 20, Learning.defaults());
    }

    /** The initial training ids: the first {@code trainingCandidates} ids of the initial families. */
    public long[] initialIds() {
      CandidateGenerator g = new CandidateGenerator(new FccLattice(cells, shells), seed);
      long[] ids = new long[trainingCandidates];
      int n = 0;
      for (long id = 0; n < ids.length; id++) {
        if (INITIAL_FAMILIES.contains(g.family(id))) ids[n++] = id;
      }
      return ids;
    }

    BatchSpec batch(long[] ids) {
      return new BatchSpec(system, cells, shells, histograms, seed, ids);
    }

    /** The initial training batches. */
    public List<BatchSpec> trainingBatches() {
      long[] ids = initialIds();
      List<BatchSpec> out = new ArrayList<>();
      for (int from = 0; from < ids.length; from += batchSize) {
        out.add(batch(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + batchSize))));
      }
      return out;
    }
  }

  /** The compositions of the fcc superstructures L1_2 (A3B), L1_0 (AB) and L1_2 (AB3). */
  public static final List<Double> STOICHIOMETRIC = List.of(0.25, 0.5, 0.75);

  /** The families the first model is trained on: the generator of earlier campaigns. */
  public static final Set<Family> INITIAL_FAMILIES = EnumSet.of(Family.RANDOM, Family.CLUSTERED,
      Family.ORDERED);

  /**
   * Active learning in the campaign.
   *
   * @param rounds rounds after the first model (0: none)
   * @param sampling each round's pool and picks
   * @param stopMaeMev the loop stops once two rounds in a row met this MAE on their random slice...
   * @param stopFalseAccept ...and this false-accept rate on all their picks
   * @param randomBaseline whether to train a model on uniformly random picks of the same LAMMPS budget
   * @param holdout LAMMPS relaxations that judge the final models, from Monte Carlo temperatures
   *     and generator ids that no training round used
   * @param holdoutTemperatures those temperatures (K)
   */
  public record Learning(int rounds, ActiveLearning.Sampling sampling, double stopMaeMev, double stopFalseAccept,
                         boolean randomBaseline, int holdout, double[] holdoutTemperatures) {
    public Learning {
      holdoutTemperatures = holdoutTemperatures.clone();
      if (rounds < 0 || holdout < 0) throw new IllegalArgumentException("rounds and holdout must be >= 0");
    }

    public static final Learning NONE = new Learning(0, sampling(1.0, 0, 0), 0, 0, false, 0, new double[0]);

    /**
     * Three rounds of 250 picks, and 900 held-out relaxations: about 75 per generated family and
     * 150 per Monte Carlo temperature, enough that a calibrated ±2σ lands in 0.90-0.98 most of the
     * time (about 87% at 75 rows; at 20 rows only about half the time), so the per-family coverage
     * is a measurement rather than a draw.
     */
    public static Learning defaults() {
      return new Learning(3, sampling(1.0, 200, 50), 0.3, 0.01, true, 900, new double[] {450, 800, 1300});
    }

    /** The default pool (Monte Carlo at 300-1600 K over seven compositions, 4,000 generated) with these picks. */
    public static ActiveLearning.Sampling sampling(double toleranceMev, int acquired, int random) {
      return new ActiveLearning.Sampling(new double[] {300, 600, 1000, 1600},
          new double[] {0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875}, 4, 40, 2, 4000, 200_000, acquired, random,
          toleranceMev / 1000);
    }
  }

  /**
   * A training round of the campaign: round "" trains on the initial batches, each later round
   * also on the batches its active-learning step picked.
   *
   * @param name "" for the first round, else e.g. "1"; steps of the round carry it as a suffix
   * @param packSteps the pack steps of every round so far, this round's last
   * @param earlier the names of the earlier rounds, oldest first
   */
  public record Round(String name, List<String> packSteps, List<String> earlier) {
    public Round {
      packSteps = List.copyOf(packSteps);
      earlier = List.copyOf(earlier);
    }

    /** {@code step} as this round names it: {@code train}, {@code train-1}... */
    public String step(String step) {
      return named(step, name);
    }

    public static String named(String step, String round) {
      return round.isEmpty() ? step : step + "-" + round;
    }
  }

  /**
   * The extension point for the other half of the campaign: the steps that ingest the packed
   * HDF5 batches and train a model, round by round, and how the screen step loads that model.
   * Serializable: a screen on a Spark cluster sends it to the executors to load the model there.
   */
  public interface Surrogate extends Serializable {
    /**
     * The ingest and training steps of one round. They read the {@value #BATCH_HDF5} files of
     * {@code round.packSteps()}; the feature columns are {@code featureNames}, the target column
     * is {@code mixing_energy}.
     */
    List<Step> steps(Round round, List<String> featureNames);

    /** The file holding round {@code round}'s trained model, e.g. {@code Input.of("train-1", "model.zip")}. */
    Input model(String round);

    /** Loads a model for the screen step; it predicts mixing energy (eV/atom) per feature row. */
    Screening.BlockModel load(Path modelFile, List<String> featureNames) throws Exception;

    /**
     * {@link #load(Path, List)} with its spread and gate corrected per configuration family; a
     * model without a spread ignores it.
     */
    default Screening.BlockModel load(Path modelFile, List<String> featureNames, FamilyCalibration calibration)
        throws Exception {
      return load(modelFile, featureNames);
    }

    /** Whether the model has a calibrated spread, which active learning needs. */
    default boolean hasSpread() {
      return false;
    }

    /** Part of the screen step's version: change it when {@link #load} changes what it predicts. */
    default String version() {
      return getClass().getName();
    }
  }

  /** The active-learning steps' names. */
  public static final String SELECT = "select";
  public static final String JUDGE = "judge";
  /** The round of the random-acquisition baseline and of the held-out judge set. */
  public static final String RANDOM_ROUND = "random";
  public static final String HOLDOUT_ROUND = "holdout";

  /** The whole campaign. */
  public static Workflow workflow(Config config, Surrogate surrogate) {
    Workflow.Builder b = Workflow.builder("alloy-screening-" + config.system().name());
    List<Map<String, Object>> points = new ArrayList<>();
    for (BatchSpec batch : config.trainingBatches()) points.add(batch.toParams());
    // The by-hand baseline runs while nothing else does: after the inputs are written, before any relax.
    for (Step s : simulationSteps("", Sweep.list(points), config.ranks())) {
      b.step(s.name().equals(RELAX) ? s.toBuilder().after(BY_HAND).build() : s);
    }
    b.step(Step.function(BY_HAND, AlloyScreening::byHand)
        .input("batches", Input.gather(PREPARE, BatchPreparer.INPUT))
        .version(CODE_VERSION)
        .description("the first batch run with plain lmp, one per core: LAMMPS as a user runs it by hand"));
    List<String> features = config.descriptors().names();
    List<String> packs = new ArrayList<>(List.of(PACK));
    List<String> rounds = new ArrayList<>(List.of(""));
    for (Step s : surrogate.steps(new Round("", packs, List.of()), features)) b.step(s);
    Learning learning = surrogate.hasSpread() ? config.learning() : Learning.NONE;
    for (int r = 1; r <= learning.rounds(); r++) {
      String round = Integer.toString(r);
      String prefix = "al" + r + "-";
      b.step(selectStep(config, surrogate, round, rounds.get(rounds.size() - 1), learning.sampling(), learning, r));
      for (Step s : simulationSteps(prefix, Sweep.fromValues(Round.named(SELECT, round), ActiveLearning.BATCHES),
          config.ranks())) {
        b.step(s);
      }
      b.step(judgeStep(round, prefix + PACK, surrogate, List.of(rounds.get(rounds.size() - 1)), learning));
      packs.add(prefix + PACK);
      for (Step s : surrogate.steps(new Round(round, packs, rounds), features)) b.step(s);
      rounds.add(round);
    }
    String finalRound = rounds.get(rounds.size() - 1);
    if (learning.rounds() > 0 && learning.randomBaseline()) {
      // Uniformly random picks from a pool built the same way, as many as the rounds spent.
      ActiveLearning.Sampling s = learning.sampling();
      ActiveLearning.Sampling random = new ActiveLearning.Sampling(s.temperatures(), s.compositions(), s.chains(),
          s.sweeps(), s.snapshots(), s.generated() * learning.rounds(), 0, 0, learning.rounds() * s.picks(),
          s.toleranceEv());
      // After the screen, like the held-out set: once it waits for the last round's select step it
      // would otherwise relax beside the screen and halve the speed the speedup is measured from.
      Step.Builder select = selectStep(config, surrogate, RANDOM_ROUND, "", random, learning, learning.rounds() + 1)
          .after(SCREEN);
      // Active learning may stop before its last round: the baseline spends what the rounds spent.
      for (int r = 1; r <= learning.rounds(); r++) {
        select.input(SPENT + r, Input.values(Round.named(SELECT, Integer.toString(r))));
      }
      b.step(select);
      for (Step st : simulationSteps(RANDOM_ROUND + "-", Sweep.fromValues(Round.named(SELECT, RANDOM_ROUND),
          ActiveLearning.BATCHES), config.ranks())) {
        b.step(st);
      }
      for (Step st : surrogate.steps(new Round(RANDOM_ROUND, List.of(PACK, RANDOM_ROUND + "-" + PACK), List.of("")),
          features)) {
        b.step(st);
      }
    }
    if (learning.rounds() > 0 && learning.holdout() > 0) {
      // Judged on temperatures and generator ids that no training round used.
      ActiveLearning.Sampling s = learning.sampling();
      // About half Monte Carlo snapshots, half generated candidates, so both are judged on enough rows.
      int chainsTotal = learning.holdoutTemperatures().length * s.compositions().length * s.chains();
      int snapshots = Math.max(1, Math.min(s.sweeps() - s.sweeps() / 2,
          (learning.holdout() / 2 + chainsTotal - 1) / Math.max(1, chainsTotal)));
      ActiveLearning.Sampling held = new ActiveLearning.Sampling(learning.holdoutTemperatures(), s.compositions(),
          s.chains(), s.sweeps(), snapshots, (learning.holdout() + 1) / 2, 0, 0, learning.holdout(), s.toleranceEv());
      // After the screen: its timing is the speedup's surrogate side, measured with the cores to itself.
      b.step(selectStep(config, surrogate, HOLDOUT_ROUND, finalRound, held, learning, learning.rounds() + 2)
          .after(SCREEN));
      for (Step st : simulationSteps(HOLDOUT_ROUND + "-", Sweep.fromValues(Round.named(SELECT, HOLDOUT_ROUND),
          ActiveLearning.BATCHES), config.ranks())) {
        b.step(st);
      }
      List<String> judged = new ArrayList<>(rounds);
      if (learning.randomBaseline()) judged.add(RANDOM_ROUND);
      b.step(judgeStep(HOLDOUT_ROUND, HOLDOUT_ROUND + "-" + PACK, surrogate, judged, learning));
    }
    b.step(screenStep(config, surrogate, finalRound));
    for (Step s : simulationSteps(VERIFY, Sweep.fromValues(SCREEN, VERIFY_KEY), config.ranks())) b.step(s);
    double tolerance = surrogate.hasSpread() ? config.learning().sampling().toleranceEv() : Double.NaN;
    b.step(Step.function(COMPARE, ctx -> compare(ctx, tolerance))
        .input("screening", Input.of(SCREEN, SCREENING_CSV))
        .input("verified", Input.gather(VERIFY + PACK, BATCH_HDF5))
        .input("training", Input.gather(PACK, BATCH_HDF5))
        .outputs(VERIFICATION_CSV, ResultsTable.CSV, ResultsTable.PARQUET)
        .version(CODE_VERSION)
        .description("surrogate error on the re-relaxed top picks and random sample"));
    return b.build();
  }

  /**
   * The select step of a round: builds the pool with the model of round {@code modelRound} and
   * records the picks as LAMMPS batches ({@link ActiveLearning}).
   */
  private static Step.Builder selectStep(Config config, Surrogate surrogate, String round, String modelRound,
      ActiveLearning.Sampling sampling, Learning learning, int index) {
    Map<String, Object> p = new LinkedHashMap<>(config.batch(new long[] {0}).toParams());
    p.remove(BatchSpec.FIRST);
    p.remove(BatchSpec.COUNT);
    p.putAll(ActiveLearning.params(sampling));
    p.put("round", index);
    p.put("batch_size", config.batchSize());
    p.put("stop_mae_mev", learning.stopMaeMev());
    p.put("stop_false_accept", learning.stopFalseAccept());
    if (round.equals(RANDOM_ROUND)) p.put(SPENT_BY, learning.rounds());
    int judged = roundIndex(modelRound, learning);
    Step.Builder select = Step.function(Round.named(SELECT, round), ctx -> select(ctx, surrogate, judged))
        .sweep(Sweep.list(List.of(p)))
        .input("model", surrogate.model(modelRound))
        .outputs(ActiveLearning.PICKS_CSV)
        .version(CODE_VERSION + "+" + surrogate.version())
        .description("Monte Carlo and generated pool, picks by calibrated spread plus a random slice");
    withCalibration(select, judged);
    // The stop rule reads the two rounds before (index 1..rounds are learning rounds).
    if (index <= learning.rounds()) {
      for (int before = Math.max(1, index - 2); before < index; before++) {
        select.input("judged-" + (index - before), Input.values(Round.named(JUDGE, Integer.toString(before))));
      }
    }
    return select;
  }

  private static Step.Builder judgeStep(String round, String packStep, Surrogate surrogate, List<String> models,
      Learning learning) {
    Step.Builder judge = Step.function(Round.named(JUDGE, round), ctx -> judge(ctx, surrogate, models, learning))
        .input("picks", Input.of(Round.named(SELECT, round), ActiveLearning.PICKS_CSV))
        .input("relaxed", Input.gather(packStep, BATCH_HDF5))
        .version(CODE_VERSION + "+" + surrogate.version())
        .description("the models against LAMMPS on picks they had not seen: error, coverage, false accepts");
    for (String m : models) judge.input(Round.named("model", m), surrogate.model(m));
    return withCalibration(judge, models.stream().mapToInt(m -> roundIndex(m, learning)).max().orElse(0));
  }

  /** The value under which a round's judge records its |error| / σ ratios per family. */
  static final String RATIOS = "ratios";

  /**
   * How many judges' ratios the model of round {@code modelRound} is corrected with: round k's
   * model by judges 1..k (judge j scored the model of round j-1 on round j's fresh picks); the
   * random baseline's by all of them, like the last round's.
   */
  private static int roundIndex(String modelRound, Learning learning) {
    if (modelRound.isEmpty()) return 0;
    if (modelRound.equals(RANDOM_ROUND)) return learning.rounds();
    return Integer.parseInt(modelRound);
  }

  /** Adds inputs through which a step sees what judges 1..{@code judges} recorded, for {@link #calibration}. */
  private static Step.Builder withCalibration(Step.Builder step, int judges) {
    for (int k = 1; k <= judges; k++) {
      step.input("calibration-" + k, Input.values(Round.named(JUDGE, Integer.toString(k))));
    }
    return step;
  }

  /**
   * The per-family correction fitted on the ratios the newest of judges 1..{@code judges} that
   * recorded any (a round whose stop rule held picks nothing to judge), with the gate's record of
   * all of them. Only the newest: each judge measured the model of its time, and the model that
   * will use the factors is closest to the newest one. Re-evaluated on the held-out rows of three
   * recorded runs (Cu-Ni {@code 20261206-035255-5779} and {@code -052634-6b53}, Ni-Al
   * {@code 20261206-053711-0e40}), pooling every judge left 9, 7 and 2 of 9 groups within
   * 0.90-0.98 at ±2σ; the newest judge alone 9, 8 and 3, the overall coverage closer to 0.954.
   */
  @SuppressWarnings("unchecked")
  static FamilyCalibration calibration(StepContext ctx, int judges) {
    Map<String, Object> newest = null;
    FamilyCalibration.GateRecord record = new FamilyCalibration.GateRecord(0, 0);
    for (int k = 1; k <= judges; k++) {
      for (Map<String, Object> v : ctx.inputValues("calibration-" + k)) {
        if (v == null) continue;
        if (v.get(RATIOS) instanceof Map<?, ?> ratios) newest = (Map<String, Object>) ratios;
        if (v.get("accepted") instanceof Number a && v.get("false_accepts") instanceof Number fa) {
          record = record.plus(new FamilyCalibration.GateRecord(a.longValue(), fa.longValue()));
        }
      }
    }
    List<Map<String, Object>> recorded = newest == null ? List.of() : List.of(newest);
    return FamilyCalibration.fit(FamilyCalibration.poolRatios(recorded), record);
  }

  /** Function step: the round's pool and picks ({@link ActiveLearning}), or nothing once the stop rule held. */
  static void select(StepContext ctx, Surrogate surrogate, int judged) throws Exception {
    Params p = ctx.params();
    AlloySystem system = AlloySystem.named(p.getString(BatchSpec.SYSTEM));
    FccLattice lattice = new FccLattice(p.getInt(BatchSpec.CELLS), p.getInt(BatchSpec.SHELLS));
    long seed = p.getLong(BatchSpec.SEED);
    int round = p.getInt("round");
    ActiveLearning.Sampling sampling = ActiveLearning.sampling(p);
    if (p.has(SPENT_BY)) sampling = sampling.withRandom(spentByRounds(ctx, p.getInt(SPENT_BY)));
    Path picksFile = ctx.workDir().resolve(ActiveLearning.PICKS_CSV);
    if (stopRuleHolds(ctx, p)) {
      ActiveLearning.writePicks(picksFile, List.of());
      ctx.value(ActiveLearning.BATCHES, List.of());
      ctx.value("stopped", true);
      return;
    }
    boolean histograms = BatchSpec.histograms(p);
    Descriptors descriptors = new Descriptors(system, lattice, histograms);
    Screening.BlockModel model = surrogate.load(ctx.inputFile("model"), descriptors.names(), calibration(ctx, judged));
    List<ActiveLearning.Entry> pool = ActiveLearning.pool(round, sampling, descriptors,
        new CandidateGenerator(lattice, seed), model, seed, ctx);
    List<ActiveLearning.Pick> picks = ActiveLearning.pick(pool, sampling, descriptors, model.forAnotherThread(),
        seed + round);
    ActiveLearning.writePicks(picksFile, picks);
    ctx.value(ActiveLearning.BATCHES, ActiveLearning.batches(picks, system, lattice.cells(), lattice.shells(),
        histograms, seed, p.getInt("batch_size")));
    ctx.value("pool", pool.size());
    ctx.value("picked", picks.size());
    ctx.value("stopped", false);
    Map<String, Long> families = new TreeMap<>();
    for (ActiveLearning.Pick pick : picks) families.merge(pick.entry().family().name(), 1L, Long::sum);
    ctx.value("picked_by_family", families);
  }

  /** Inputs of the random baseline's select step: the values of learning round r's select step under {@code SPENT + r}. */
  private static final String SPENT = "spent-";
  /** Parameter of the random baseline's select step: how many learning rounds' picks it matches. */
  private static final String SPENT_BY = "spent_by_rounds";

  /** The LAMMPS budget learning rounds 1..rounds spent: their picks, none for a round the stop rule ended. */
  private static int spentByRounds(StepContext ctx, int rounds) {
    int spent = 0;
    for (int r = 1; r <= rounds; r++) {
      for (Map<String, Object> v : ctx.inputValues(SPENT + r)) {
        if (v != null && v.get("picked") instanceof Number n) spent += n.intValue();
      }
    }
    return spent;
  }

  /** Whether the two rounds before this one both met the stop targets. */
  private static boolean stopRuleHolds(StepContext ctx, Params p) {
    for (int k = 1; k <= 2; k++) {
      List<Map<String, Object>> judged;
      try {
        judged = ctx.inputValues("judged-" + k);
      } catch (IllegalArgumentException e) {
        return false; // fewer than two rounds before this one
      }
      if (judged.isEmpty() || judged.get(0) == null) return false;
      Map<String, Object> v = judged.get(0);
      if (!(v.get("random_mae_mev") instanceof Number mae) || !(v.get("false_accept_rate") instanceof Number fa)) {
        return false;
      }
      if (mae.doubleValue() > p.getDouble("stop_mae_mev") || fa.doubleValue() > p.getDouble("stop_false_accept")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Function step: scores each model on the LAMMPS values of picks none of them was trained on,
   * per family and Monte Carlo temperature.
   */
  static void judge(StepContext ctx, Surrogate surrogate, List<String> models, Learning learning) throws Exception {
    double toleranceEv = learning.sampling().toleranceEv();
    List<Path> relaxed = ctx.inputFiles("relaxed");
    Map<Long, ActiveLearning.Picked> picks = ActiveLearning.readPicks(List.of(ctx.inputFile("picks")));
    if (relaxed.isEmpty()) {
      ctx.value("judged", 0);
      return;
    }
    List<String> features = BatchSpec.fromParams(ctx.inputParams("relaxed").get(0)).descriptors().names();
    TrainingTable truth = TrainingTable.read(relaxed, features, "mixing_energy");
    List<List<Object>> rows = new ArrayList<>();
    Map<String, Object> byModel = new LinkedHashMap<>();
    for (String m : models) {
      String label = m.isEmpty() ? "round 0" : m.equals(RANDOM_ROUND) ? "random baseline" : "round " + m;
      // Each model is judged as the steps after it use it: corrected by the judgements before it.
      FamilyCalibration calibration = calibration(ctx, roundIndex(m, learning));
      Screening.BlockModel model = surrogate.load(ctx.inputFile(Round.named("model", m)), features, calibration);
      List<ActiveLearning.Score> scores = ActiveLearning.judge(truth, picks, model, toleranceEv);
      Map<String, Object> groups = new LinkedHashMap<>();
      for (ActiveLearning.Score sc : scores) {
        rows.add(sc.row(label));
        groups.put(sc.group(), sc.values());
      }
      byModel.put(label, groups);
      if (models.size() == 1) {
        ActiveLearning.Score all = scores.get(scores.size() - 1);
        ctx.value("mae_mev", all.mae() * 1000);
        ctx.value(RATIOS, FamilyCalibration.ratioValues(ActiveLearning.ratios(truth, picks,
            surrogate.load(ctx.inputFile(Round.named("model", m)), features))));
        ctx.value("calibration", calibration.values());
        ctx.value("false_accept_rate", all.falseAcceptRate());
        // The gate's record is what it would have done had it been trusted: an untrusted gate
        // accepts nothing, and could then never earn trust.
        List<ActiveLearning.Score> record = calibration.trusted() ? scores : ActiveLearning.judge(truth, picks,
            surrogate.load(ctx.inputFile(Round.named("model", m)), features, calibration.trusting()), toleranceEv);
        ctx.value("accepted", record.get(record.size() - 1).accepted());
        ctx.value("false_accepts", record.get(record.size() - 1).falseAccepts());
        ctx.value("within_2_sigma", all.within2());
        TrainingTable random = truth.subset(id -> picks.containsKey(id)
            && ActiveLearning.RANDOM.equals(picks.get(id).selection()));
        if (random.rows() > 0) {
          List<ActiveLearning.Score> r = ActiveLearning.judge(random, picks, model, toleranceEv);
          ctx.value("random_mae_mev", r.get(r.size() - 1).mae() * 1000);
        }
      }
    }
    ctx.value("judged", truth.rows());
    ctx.value("scores", byModel);
    if (models.size() > 1) learningCurve(ctx, models, byModel);
    ctx.value("report.judged", ReportSection.table("Surrogate against LAMMPS on " + truth.rows()
        + " relaxations no judged model was trained on (energies in meV/atom; false accept: ACCEPTED but off by more"
        + " than " + String.format(Locale.ROOT, "%.2f", toleranceEv * 1000) + " meV/atom)",
        ActiveLearning.SCORE_COLUMNS, rows));
  }

  /**
   * The report's learning curves: each judged model's error and false-accept rate on the same
   * held-out relaxations against the LAMMPS relaxations it was trained on, active learning beside
   * the random-acquisition baseline.
   */
  private static void learningCurve(StepContext ctx, List<String> models, Map<String, Object> byModel) {
    Map<String, double[]> points = new LinkedHashMap<>(); // label -> budget, MAE, false-accept %
    SortedSet<Double> budgets = new TreeSet<>();
    for (String m : models) {
      String label = m.isEmpty() ? "round 0" : m.equals(RANDOM_ROUND) ? "random baseline" : "round " + m;
      double budget = Double.NaN;
      for (Map<String, Object> v : ctx.inputValues(Round.named("model", m))) {
        if (v != null && v.get("training_rows") instanceof Number t && v.get("test_rows") instanceof Number h) {
          budget = t.doubleValue() + h.doubleValue();
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> all = (Map<String, Object>) ((Map<String, Object>) byModel.get(label)).get("all");
      if (Double.isNaN(budget) || all == null) continue;
      budgets.add(budget);
      points.put(label, new double[] {budget, ((Number) all.get("mae_mev")).doubleValue(),
          100 * ((Number) all.get("false_accept_rate")).doubleValue()});
    }
    double[] x = budgets.stream().mapToDouble(Double::doubleValue).toArray();
    Map<String, double[]> mae = new LinkedHashMap<>();
    Map<String, double[]> falseAccepts = new LinkedHashMap<>();
    for (String series : List.of("active learning", "random acquisition")) {
      double[] e = new double[x.length];
      double[] fa = new double[x.length];
      Arrays.fill(e, Double.NaN);
      Arrays.fill(fa, Double.NaN);
      points.forEach((label, pt) -> {
        // Round 0 is where both start.
        boolean mine = label.equals("round 0") || (series.startsWith("random") == label.equals("random baseline"));
        if (!mine) return;
        int i = Arrays.binarySearch(x, pt[0]);
        e[i] = pt[1];
        fa[i] = pt[2];
      });
      mae.put(series, e);
      falseAccepts.put(series, fa);
    }
    List<List<Object>> rows = new ArrayList<>();
    points.forEach((label, pt) -> rows.add(List.of(label, (long) pt[0], pt[1], pt[2])));
    ctx.value("report.learning_curve", ReportSection.table("Learning curve on the held-out relaxations",
        List.of("model", "LAMMPS relaxations trained on", "MAE (meV/atom)", "false accepts (% of accepted)"), rows));
    ctx.value("report.learning_mae", ReportSection.lines("Held-out error against LAMMPS budget",
        "LAMMPS relaxations trained on", "MAE (meV/atom)", x, mae));
    ctx.value("report.learning_false_accepts", ReportSection.lines("Held-out false accepts against LAMMPS budget",
        "LAMMPS relaxations trained on", "false accepts (% of accepted)", x, falseAccepts));
  }

  /** Function step: writes {@value #VERIFICATION_CSV}; records MAE (meV/atom) for top picks and sample. */
  public static void compare(StepContext ctx, double toleranceEv) throws IOException {
    Verification.Summary s = Verification.compare(ctx.inputFile("screening"), ctx.inputFiles("verified"),
        ctx.workDir().resolve(VERIFICATION_CSV));
    double topMae = s.mae("top") * 1000;
    double sampleMae = s.mae("sample") * 1000;
    double maxError = s.maxAbsError() * 1000;
    ctx.value("verified", s.rows().size());
    ctx.value("missing", s.missing().size());
    ctx.value("top_mae_mev_per_atom", topMae);
    ctx.value("sample_mae_mev_per_atom", sampleMae);
    ctx.value("max_abs_error_mev_per_atom", maxError);
    ctx.value("within_1_spread", s.withinSpread(1));
    ctx.value("within_2_spread", s.withinSpread(2));
    // The screen's picks are its tail, where a confidently wrong model shows: its gate is checked there too.
    long acceptedVerified = s.rows().stream().filter(r -> "ACCEPTED".equals(r.decision())).count();
    long falseAccepts = s.rows().stream().filter(r -> "ACCEPTED".equals(r.decision())
        && Math.abs(r.error()) > toleranceEv).count();

    // x_B is the first descriptor of the batches' own system and lattice.
    String xName = BatchSpec.fromParams(ctx.inputParams("training").get(0)).descriptors().names().get(0);
    TrainingTable training = TrainingTable.read(ctx.inputFiles("training"), List.of(xName), "mixing_energy");
    List<ResultsTable.Entry> results = ResultsTable.entries(training, s, ctx.inputFile("screening"));
    ResultsTable.write(results, ctx.workDir());
    ctx.value("results_rows", results.size());

    double[] lammps = s.rows().stream().mapToDouble(r -> r.lammps() * 1000).toArray();
    double[] predicted = s.rows().stream().mapToDouble(r -> r.predicted() * 1000).toArray();
    double[] spread = s.rows().stream().mapToDouble(r -> Double.isNaN(r.spread()) ? 0 : r.spread() * 1000).toArray();
    ctx.value("report.parity", ReportSection.scatter("Verification: surrogate vs LAMMPS on the picks (" + lammps.length + ")",
        "LAMMPS mixing energy (meV/atom)", "surrogate ± spread (meV/atom)", lammps, predicted, spread, true));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verified picks", s.rows().size());
    m.put("picks LAMMPS could not verify", s.missing().size());
    // Top picks are ACCEPTED predictions; where the gate accepted none, the uncertain picks LAMMPS verified are the answer.
    long uncertainVerified = s.rows().stream().filter(r -> "uncertain".equals(r.selection())).count();
    m.put("MAE, top picks (meV/atom)", Double.isNaN(topMae) ? "none: the gate accepted no pick" : topMae);
    if (uncertainVerified > 0) {
      m.put("MAE, " + uncertainVerified + " uncertain picks that could beat them (meV/atom)", s.mae("uncertain") * 1000);
    }
    m.put("MAE, random sample (meV/atom)", sampleMae);
    m.put("max |error| (meV/atom)", maxError);
    m.put("|error| within ±1σ (Gaussian: 0.683)", s.withinSpread(1));
    m.put("|error| within ±2σ (Gaussian: 0.954)", s.withinSpread(2));
    if (!Double.isNaN(toleranceEv)) {
      ctx.value("verified_accepted", acceptedVerified);
      ctx.value("verified_false_accepts", falseAccepts);
      m.put(String.format(Locale.ROOT, "ACCEPTED picks off by more than %.2f meV/atom", toleranceEv * 1000),
          falseAccepts + " of " + acceptedVerified);
    }
    ctx.value("report.verification", ReportSection.metrics("Verification of the screening by LAMMPS", m));
    List<List<Object>> rows = new ArrayList<>();
    for (Verification.Row r : s.rows()) {
      rows.add(List.of(r.selection(), r.id(), r.fractionB(), r.predicted() * 1000, r.spread() * 1000, r.decision(),
          r.lammps() * 1000, r.error() * 1000));
    }
    ctx.value("report.verified", ReportSection.table("Verified picks (energies in meV/atom)",
        List.of("selection", "candidate", "x_B", "surrogate", "spread", "gate", "LAMMPS", "error"), rows));
  }

  /**
   * The prepare, relax and pack steps for one sweep of batches, named {@code prefix + "prepare"}
   * etc. Each point's parameters are a {@link BatchSpec#toParams()}.
   */
  public static List<Step> simulationSteps(String prefix, Sweep batches, int ranks) {
    Step prepare = Step.function(prefix + PREPARE, AlloyScreening::prepare)
        .sweep(batches)
        .outputs(BatchPreparer.INPUT)
        .version(CODE_VERSION)
        .description("write one LAMMPS input relaxing the batch's candidates")
        .build();
    Step relax = Step.mpi(prefix + RELAX, ranks,
            "lmp", "-in", "${inputs.batch}", "-log", BatchPreparer.LOG, "-screen", "none")
        .sweep(batches)
        .input("batch", Input.of(prefix + PREPARE, BatchPreparer.INPUT))
        .outputs(BatchPreparer.RESULTS, BatchPreparer.LOG)
        .env("OMP_NUM_THREADS", "1")
        .retry(RetryPolicy.attempts(2))
        .description("relax box and positions of every candidate with EAM (LAMMPS)")
        .build();
    Step pack = Step.function(prefix + PACK, AlloyScreening::pack)
        .sweep(batches)
        .input("results", Input.of(prefix + RELAX, BatchPreparer.RESULTS))
        .input("log", Input.of(prefix + RELAX, BatchPreparer.LOG))
        .outputs(BATCH_HDF5)
        .version(CODE_VERSION)
        .description("parse LAMMPS results, add descriptors and mixing energies, write one HDF5 file")
        .build();
    return List.of(prepare, relax, pack);
  }

  /**
   * Function step: relaxes the first training batch with one plain {@code lmp} per core of this
   * machine at once, and records the wall time ({@link LammpsByHand}).
   */
  public static void byHand(StepContext ctx) throws IOException, InterruptedException {
    int candidates = BatchSpec.fromParams(ctx.inputParams("batches").get(0)).ids().length;
    int processes = Runtime.getRuntime().availableProcessors();
    LammpsByHand.Measurement m = LammpsByHand.run("lmp", ctx.inputFiles("batches").get(0), candidates, processes,
        ctx.workDir());
    ctx.value("processes", m.processes());
    ctx.value("candidates_per_process", m.candidatesPerProcess());
    ctx.value("wall_seconds", m.wallSeconds());
  }

  /** Function step: writes {@value BatchPreparer#INPUT} for the point's batch. */
  public static void prepare(StepContext ctx) throws IOException {
    BatchSpec spec = BatchSpec.fromParams(ctx.params());
    new BatchPreparer(spec.system(), spec.source()).prepare(ctx.workDir(), spec.ids());
    ctx.value("candidates", spec.ids().length);
  }

  /** Function step: reads the relax step's results and log, writes {@value #BATCH_HDF5}. */
  public static void pack(StepContext ctx) throws IOException {
    BatchSpec spec = BatchSpec.fromParams(ctx.params());
    LammpsResults results = LammpsResults.read(ctx.inputFile("results"), ctx.inputFile("log"), spec.system(),
        spec.ids());
    BatchHdf5Writer.write(ctx.workDir().resolve(BATCH_HDF5), spec.descriptors(), spec.source(), results);
    ctx.value("relaxed", results.relaxed().size());
    ctx.value("failed", results.failures().size());
    if (!results.failures().isEmpty()) {
      ctx.value("failures", results.failures().stream().map(f -> f.id() + ": " + f.reason()).toList());
    }
    ctx.value("lammps_seconds", results.relaxed().stream().mapToDouble(LammpsResults.Relaxed::seconds).sum());
  }

  private static Step screenStep(Config config, Surrogate surrogate, String round) {
    long[] initial = config.initialIds();
    ScreenSpec spec = new ScreenSpec(config.system(), config.cells(), config.shells(), config.histograms(), config.seed(),
        initial[initial.length - 1] + 1, config.screenCandidates(), initial.length, config.compositionBins(),
        config.compositions(), config.topK(), config.randomSample(), config.batchSize());
    int judged = round.isEmpty() ? 0 : Integer.parseInt(round);
    Step.Builder screen = Step.function(SCREEN, ctx -> screen(ctx, surrogate, judged))
        .sweep(Sweep.list(List.of(spec.toParams())))
        .input("model", surrogate.model(round));
    return withCalibration(screen, judged)
        .outputs(SCREENING_CSV)
        .version(CODE_VERSION + "+" + surrogate.version())
        .description("screen generated candidates through the surrogate; pick top-k per composition bin")
        .build();
  }

  /**
   * Function step: screens the configured id range with the surrogate, writes
   * {@value #SCREENING_CSV} and records the verification batches under {@value #VERIFY_KEY}.
   */
  static void screen(StepContext ctx, Surrogate surrogate, int judged) throws Exception {
    ScreenSpec spec = ScreenSpec.fromParams(ctx.params());
    Descriptors descriptors = spec.descriptors();
    FamilyCalibration calibration = calibration(ctx, judged);
    ctx.value("calibration", calibration.values());
    Screening.BlockModel loaded = surrogate.load(ctx.inputFile("model"), descriptors.names(), calibration);
    ScreenProgress progress = new ScreenProgress(spec.count(), ctx::progress);
    // Where it runs does not change the result (both merge the same parts the same way), so it is
    // configuration, not a parameter: on this machine's cores when Spark is embedded (no task
    // scheduling or serialisation), as a Spark job when spark.master names a cluster.
    Screening.Result r;
    if (SparkSessions.embedded()) {
      int threads = Runtime.getRuntime().availableProcessors();
      r = Screening.screenParallel(threads, () -> spec.screening().progress(progress),
          loaded::forAnotherThread,
          spec.first(), spec.count(), BLOCK_ROWS, spec.bins(), spec.topK(), spec.randomSample(), spec.seed() + 1);
      ctx.value("screen_threads", threads);
    } else {
      SparkSession spark = SparkSessions.shared();
      ShippedModel shipped = ShippedModel.of(surrogate, ctx.inputFile("model"), descriptors.names(), calibration);
      r = SparkScreening.screen(spark, spec, shipped, loaded, BLOCK_ROWS, spec.seed() + 1, progress);
      ctx.value("screen_spark_master", spark.sparkContext().master());
      ctx.value("screen_spark_cores", spark.sparkContext().defaultParallelism());
    }
    writeCsv(ctx.workDir().resolve(SCREENING_CSV), spec.system(), r, spec.bins());
    List<Long> ids = new ArrayList<>();
    r.topPicks().forEach(pick -> ids.add(pick.id()));
    r.uncertainPicks().forEach(pick -> ids.add(pick.id()));
    r.sample().forEach(pick -> ids.add(pick.id()));
    long[] unique = ids.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
    List<Map<String, Object>> verify = new ArrayList<>();
    for (BatchSpec batch : spec.verificationBatches(unique)) verify.add(batch.toParams());
    ctx.value(VERIFY_KEY, verify);
    ctx.value("screened", r.screened());
    // No timing of its own: the report times the screen from the step's attempt, one figure everywhere.
    ctx.value("gate", r.decisions());
    ctx.value("model", r.model());
    reportScreening(ctx, spec.system(), r, spec.relaxed(), spec.bins());
  }

  /** The screening's report sections: the best candidates, the landscape, the gate and the speedup. */
  private static void reportScreening(StepContext ctx, AlloySystem system, Screening.Result r, long simulated,
      int bins) {
    String x = "x_" + system.elementB();
    List<List<Object>> rows = new ArrayList<>();
    for (int b = 0; b < r.top().size(); b++) {
      for (Screening.Pick p : r.top().get(b)) {
        rows.add(List.of(slot(b, bins, p), p.id(), p.fractionB(), p.predicted() * 1000, p.spread() * 1000, p.decision()));
      }
    }
    for (int b = 0; b < r.uncertain().size(); b++) {
      for (Screening.Pick p : r.uncertain().get(b)) {
        rows.add(List.of(slot(b, bins, p), p.id(), p.fractionB(), p.predicted() * 1000, p.spread() * 1000, p.decision()));
      }
    }
    ctx.value("report.top", ReportSection.table("Lowest predicted mixing energy per composition bin and exact"
        + " composition among ACCEPTED predictions, then the uncertain ones that could still beat them (sent to LAMMPS;"
        + " model " + r.model() + ")",
        List.of("bin", "candidate", x, "predicted (meV/atom)", "spread (meV/atom)", "gate"), rows));
    List<Screening.Pick> shown = new ArrayList<>(r.sample());
    shown.addAll(r.topPicks());
    shown.addAll(r.uncertainPicks());
    ctx.value("report.landscape", ReportSection.scatter("Screened landscape: random sample and top picks",
        x, "predicted mixing energy (meV/atom)", shown.stream().mapToDouble(Screening.Pick::fractionB).toArray(),
        shown.stream().mapToDouble(p -> p.predicted() * 1000).toArray(),
        shown.stream().mapToDouble(p -> Double.isNaN(p.spread()) ? 0 : p.spread() * 1000).toArray(), false));
    Map<String, Object> gate = new LinkedHashMap<>();
    gate.put("candidates screened", r.screened());
    r.decisions().forEach((d, n) -> gate.put(d.toLowerCase(Locale.ROOT).replace('_', ' '), n));
    ctx.value("report.gate", ReportSection.metrics("Surrogate gate over the screened candidates", gate));
    ctx.value("report.speedup", speedupSection(RELAX, simulated, SCREEN, r.screened(),
        r.decisions().getOrDefault("ACCEPTED", 0L), BY_HAND));
  }

  /**
   * A section the report completes from the run store's timings: wall seconds per candidate of
   * the LAMMPS step (start-up amortised as the campaign ran it) against the screening step, next
   * to LAMMPS run by hand ({@code byHandStep}'s values) and the speedup at the gate's accuracy
   * (every candidate the gate did not accept simulated instead).
   */
  static Map<String, Object> speedupSection(String simulationStep, long simulated, String surrogateStep,
                                            long screened, long accepted, String byHandStep) {
    return ReportSection.speedup("Speedup: surrogate screening vs LAMMPS, per candidate, same run and cores",
        simulationStep, simulated, surrogateStep, screened, accepted, byHandStep);
  }

  /**
   * One row per pick: which list it is on (top or sample), bin, id, x_B, the prediction, its
   * ensemble spread, the gate's decision and the model that made it.
   */
  static void writeCsv(Path file, AlloySystem system, Screening.Result r, int bins) throws IOException {
    CsvWriter w = Csv.write(file);
    try {
      w.writeHeaders("selection", "bin", "candidate_id", "x_" + system.elementB(), "predicted_mixing_energy_eV",
          "spread_eV", "gate_decision", "model");
      // A pick that is best in its bin and at its exact composition is listed (and verified) once.
      Set<Long> written = new HashSet<>();
      for (int b = 0; b < r.top().size(); b++) {
        for (Screening.Pick pick : r.top().get(b)) {
          if (written.add(pick.id())) w.writeRow(row(b < bins ? "top" : "composition", b, pick, r.model()));
        }
        for (Screening.Pick pick : r.uncertain().get(b)) {
          if (written.add(pick.id())) w.writeRow(row("uncertain", b, pick, r.model()));
        }
      }
      for (Screening.Pick pick : r.sample()) {
        if (written.add(pick.id())) w.writeRow(row("sample", -1, pick, r.model()));
      }
    } finally {
      w.close();
    }
  }

  /** A slot as the report names it: the bin's number, or the exact composition. */
  private static Object slot(int b, int bins, Screening.Pick p) {
    return b < bins ? (Object) b : String.format(Locale.ROOT, "x = %.4g", p.fractionB());
  }

  /** B counts of a comma-separated list of fractions, e.g. {@code 0.25,0.5}. */
  private static String[] row(String selection, int bin, Screening.Pick p, String model) {
    return new String[] {selection, Integer.toString(bin), Long.toString(p.id()),
        String.format(Locale.ROOT, "%.6f", p.fractionB()), String.format(Locale.ROOT, "%.9f", p.predicted()),
        String.format(Locale.ROOT, "%.9f", p.spread()), p.decision(), model};
  }
}
