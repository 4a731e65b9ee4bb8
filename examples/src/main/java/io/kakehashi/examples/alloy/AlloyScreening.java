package io.kakehashi.examples.alloy;

import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.ReportSection;
import io.kakehashi.workflow.RetryPolicy;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.StepContext;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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
   * Candidates per model call in the screen step. Small enough that a block's features (15 floats
   * a row, column-major) stay in the core's caches while the ensemble reads them: 256 rows
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
   * classes of this package, because a step's result depends on the generator, descriptors,
   * input writer and parser, not only on the class that defines the step function. Change any of
   * them and the engine re-runs the steps instead of reusing cached results.
   */
  public static final String CODE_VERSION = codeVersion();

  private AlloyScreening() {}

  private static String codeVersion() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (Class<?> c : List.of(AlloyScreening.class, AlloySystem.class, BatchHdf5Writer.class, BatchPreparer.class,
          BatchSpec.class, Candidate.class, CandidateGenerator.class, Descriptors.class, FccLattice.class,
          LammpsResults.class, LinearModel.class, LinearSurrogate.class, Family.class, LammpsByHand.class, CandidateSource.class, PackedSupercell.class,
          Screening.class, TrainingTable.class, Verification.class)) {
        try (java.io.InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
          if (in == null) throw new IllegalStateException("no bytecode for " + c.getName());
          md.update(in.readAllBytes());
        }
      }
      return "alloy@" + java.util.HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest the alloy classes", e);
    }
  }

  /**
   * Sizes of a campaign.
   *
   * @param system alloy and potential
   * @param cells conventional fcc cells per supercell edge: 4 (256 atoms), the supercell the
   *     packed generator and descriptors are built for
   * @param shells neighbour shells in the descriptors (1..7 fit a 4x4x4 supercell)
   * @param seed generator seed: candidate id i is the same structure in every step and run
   * @param trainingCandidates ids 0 .. n-1 are relaxed with LAMMPS for training
   * @param batchSize candidates per LAMMPS process
   * @param ranks MPI ranks per LAMMPS process
   * @param screenCandidates ids n .. n+m-1 are screened through the surrogate
   * @param compositionBins composition bins for the top-k
   * @param topK candidates verified per bin
   * @param randomSample randomly chosen screened candidates also verified
   */
  public record Config(AlloySystem system, int cells, int shells, long seed, int trainingCandidates, int batchSize,
      int ranks, long screenCandidates, int compositionBins, int topK, int randomSample) {
    public Config {
      Objects.requireNonNull(system, "system");
      if (trainingCandidates < 1 || batchSize < 1 || ranks < 1 || screenCandidates < 1 || compositionBins < 1
          || topK < 0 || randomSample < 0) {
        throw new IllegalArgumentException("campaign sizes must be positive: " + this);
      }
      // Fails early, naming the shell or the cell count, if the supercell cannot be screened.
      new Descriptors(system, new FccLattice(cells, shells));
    }

    /** Cu-Ni, 256-atom supercells, 4 shells, 3000 training candidates in batches of 50, 10M screened. */
    public static Config defaults() {
      return new Config(AlloySystem.CU_NI, 4, 4, 20261123L, 3000, 50, 1, 10_000_000, 10, 3, 20);
    }

    public int batches() {
      return (trainingCandidates + batchSize - 1) / batchSize;
    }

    BatchSpec batch(long[] ids) {
      return new BatchSpec(system, cells, shells, seed, ids);
    }

    /** Training batch b: ids b*batchSize .. up to trainingCandidates. */
    public BatchSpec trainingBatch(int b) {
      int first = b * batchSize;
      int count = Math.min(batchSize, trainingCandidates - first);
      long[] ids = new long[count];
      for (int i = 0; i < count; i++) ids[i] = first + i;
      return batch(ids);
    }
  }

  /**
   * The extension point for the other half of the campaign: the steps that ingest the packed
   * HDF5 batches and train a model, and how the screen step loads that model.
   */
  public interface Surrogate {
    /**
     * The ingest and training steps. They read {@code packedBatches} (every pack point's
     * {@value #BATCH_HDF5}); the feature columns are {@code featureNames}, the target column is
     * {@code mixing_energy}.
     */
    List<Step> steps(Input packedBatches, List<String> featureNames);

    /** The file holding the trained model, e.g. {@code Input.of("train", "model.zip")}. */
    Input model();

    /** Loads the model for the screen step; it predicts mixing energy (eV/atom) per feature row. */
    Screening.BlockModel load(Path modelFile, List<String> featureNames) throws Exception;

    /** Part of the screen step's version: change it when {@link #load} changes what it predicts. */
    default String version() {
      return getClass().getName();
    }
  }

  /** The whole campaign. */
  public static Workflow workflow(Config config, Surrogate surrogate) {
    Workflow.Builder b = Workflow.builder("alloy-screening-" + config.system().name());
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < config.batches(); i++) points.add(config.trainingBatch(i).toParams());
    // The by-hand baseline runs while nothing else does: after the inputs are written, before any relax.
    for (Step s : simulationSteps("", Sweep.list(points), config.ranks())) {
      b.step(s.name().equals(RELAX) ? s.toBuilder().after(BY_HAND).build() : s);
    }
    b.step(Step.function(BY_HAND, AlloyScreening::byHand)
        .input("batches", Input.gather(PREPARE, BatchPreparer.INPUT))
        .version(CODE_VERSION)
        .description("the first batch run with plain lmp, one per core: LAMMPS as a user runs it by hand"));
    List<String> features = new Descriptors(config.system(), new FccLattice(config.cells(), config.shells())).names();
    for (Step s : surrogate.steps(Input.gather(PACK, BATCH_HDF5), features)) b.step(s);
    b.step(screenStep(config, surrogate));
    for (Step s : simulationSteps(VERIFY, Sweep.fromValues(SCREEN, VERIFY_KEY), config.ranks())) b.step(s);
    b.step(Step.function(COMPARE, AlloyScreening::compare)
        .input("screening", Input.of(SCREEN, SCREENING_CSV))
        .input("verified", Input.gather(VERIFY + PACK, BATCH_HDF5))
        .input("training", Input.gather(PACK, BATCH_HDF5))
        .outputs(VERIFICATION_CSV, ResultsTable.CSV, ResultsTable.PARQUET)
        .version(CODE_VERSION)
        .description("surrogate error on the re-relaxed top picks and random sample"));
    return b.build();
  }

  /** Function step: writes {@value #VERIFICATION_CSV}; records MAE (meV/atom) for top picks and sample. */
  public static void compare(StepContext ctx) throws IOException {
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
    m.put("MAE, top picks (meV/atom)", topMae);
    m.put("MAE, random sample (meV/atom)", sampleMae);
    m.put("max |error| (meV/atom)", maxError);
    m.put("|error| within ±1σ (Gaussian: 0.683)", s.withinSpread(1));
    m.put("|error| within ±2σ (Gaussian: 0.954)", s.withinSpread(2));
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

  private static Step screenStep(Config config, Surrogate surrogate) {
    Map<String, Object> p = new LinkedHashMap<>(config.batch(new long[] {0}).toParams());
    p.remove(BatchSpec.FIRST);
    p.remove(BatchSpec.COUNT);
    p.put("screen_first", (long) config.trainingCandidates());
    p.put("screen_count", config.screenCandidates());
    p.put("bins", config.compositionBins());
    p.put("top_k", config.topK());
    p.put("random_sample", config.randomSample());
    p.put("batch_size", config.batchSize());
    return Step.function(SCREEN, ctx -> screen(ctx, surrogate))
        .sweep(Sweep.list(List.of(p)))
        .input("model", surrogate.model())
        .outputs(SCREENING_CSV)
        .version(CODE_VERSION + "+" + surrogate.version())
        .description("screen generated candidates through the surrogate; pick top-k per composition bin")
        .build();
  }

  /**
   * Function step: screens the configured id range with the surrogate, writes
   * {@value #SCREENING_CSV} and records the verification batches under {@value #VERIFY_KEY}.
   */
  static void screen(StepContext ctx, Surrogate surrogate) throws Exception {
    Params p = ctx.params();
    AlloySystem system = AlloySystem.named(p.getString(BatchSpec.SYSTEM));
    FccLattice lattice = new FccLattice(p.getInt(BatchSpec.CELLS), p.getInt(BatchSpec.SHELLS));
    long seed = p.getLong(BatchSpec.SEED);
    Descriptors descriptors = new Descriptors(system, lattice);
    // Every core screens its own part of the range with its own view of the model, loaded once;
    // the result does not depend on the number of threads, so it is not a parameter.
    int threads = Runtime.getRuntime().availableProcessors();
    Screening.BlockModel loaded = surrogate.load(ctx.inputFile("model"), descriptors.names());
    Screening.Result r = Screening.screenParallel(threads,
        () -> new Screening(descriptors, new CandidateGenerator(lattice, seed)),
        loaded::forAnotherThread,
        p.getLong("screen_first"), p.getLong("screen_count"), BLOCK_ROWS, p.getInt("bins"), p.getInt("top_k"),
        p.getInt("random_sample"), seed + 1);
    ctx.value("screen_threads", threads);
    writeCsv(ctx.workDir().resolve(SCREENING_CSV), system, r);
    List<Long> ids = new ArrayList<>();
    r.topPicks().forEach(pick -> ids.add(pick.id()));
    r.sample().forEach(pick -> ids.add(pick.id()));
    long[] unique = ids.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
    int batchSize = p.getInt("batch_size");
    List<Map<String, Object>> verify = new ArrayList<>();
    for (int from = 0; from < unique.length; from += batchSize) {
      long[] chunk = Arrays.copyOfRange(unique, from, Math.min(unique.length, from + batchSize));
      verify.add(new BatchSpec(system, lattice.cells(), lattice.shells(), seed, chunk).toParams());
    }
    ctx.value(VERIFY_KEY, verify);
    ctx.value("screened", r.screened());
    // No timing of its own: the report times the screen from the step's attempt, one figure everywhere.
    ctx.value("gate", r.decisions());
    ctx.value("model", r.model());
    reportScreening(ctx, system, r, p.getLong("screen_first"));
  }

  /** The screening's report sections: the best candidates, the landscape, the gate and the speedup. */
  private static void reportScreening(StepContext ctx, AlloySystem system, Screening.Result r, long simulated) {
    String x = "x_" + system.elementB();
    List<List<Object>> rows = new ArrayList<>();
    for (int b = 0; b < r.top().size(); b++) {
      for (Screening.Pick p : r.top().get(b)) {
        rows.add(List.of(b, p.id(), p.fractionB(), p.predicted() * 1000, p.spread() * 1000, p.decision()));
      }
    }
    ctx.value("report.top", ReportSection.table("Lowest predicted mixing energy per composition bin (model "
        + r.model() + ")", List.of("bin", "candidate", x, "predicted (meV/atom)", "spread (meV/atom)", "gate"), rows));
    List<Screening.Pick> shown = new ArrayList<>(r.sample());
    shown.addAll(r.topPicks());
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
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "speedup");
    m.put("title", "Speedup: surrogate screening vs LAMMPS, per candidate, same run and cores");
    m.put("simulationStep", simulationStep);
    m.put("simulated", simulated);
    m.put("surrogateStep", surrogateStep);
    m.put("screened", screened);
    m.put("accepted", accepted);
    m.put("byHandStep", byHandStep);
    return m;
  }

  /**
   * One row per pick: which list it is on (top or sample), bin, id, x_B, the prediction, its
   * ensemble spread, the gate's decision and the model that made it.
   */
  static void writeCsv(Path file, AlloySystem system, Screening.Result r) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("selection,bin,candidate_id,x_" + system.elementB()
          + ",predicted_mixing_energy_eV,spread_eV,gate_decision,model\n");
      for (int b = 0; b < r.top().size(); b++) {
        for (Screening.Pick pick : r.top().get(b)) w.write(row("top", b, pick, r.model()));
      }
      for (Screening.Pick pick : r.sample()) w.write(row("sample", -1, pick, r.model()));
    }
  }

  private static String row(String selection, int bin, Screening.Pick p, String model) {
    return String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.9f,%.9f,%s,%s%n", selection, bin, p.id(), p.fractionB(),
        p.predicted(), p.spread(), p.decision(), model);
  }
}
