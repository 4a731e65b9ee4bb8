package io.kakehashi.campaigns.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.event.RunState;
import io.kakehashi.local.LocalExecutor;
import io.kakehashi.spark.Ingest;
import io.kakehashi.spark.LocalSpark;
import io.kakehashi.spark.SparkSessions;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.StepContext;
import io.kakehashi.workflow.StepFunction;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small alloy campaign's ingest and screen on the two-worker standalone cluster that
 * {@code scripts/spark-local.sh} starts: the engine runs the campaign's own steps up to the screen
 * with {@code spark.master} on the cluster, and the same steps' functions over the same inputs on
 * {@code local[*]} give the same results. The ingest writes the same table: the same schema,
 * partitions and rows, in order, doubles bit for bit (not the same file bytes: Parquet's footer
 * lists each column's encodings in the order of a hash set of enum constants, which differs from
 * JVM to JVM, local or not). The screen, a Spark job on the cluster and threads of this JVM
 * embedded, writes the same picks, byte for byte.
 */
@ExtendWith(LocalSpark.class)
class AlloyClusterTest {
  @TempDir Path dir;

  @AfterEach
  void embeddedAgain() {
    SparkSessions.stop();
    SparkSessions.configure(Map.of());
  }

  @Test
  void ingestAndScreenOnTheClusterGiveWhatLocalGives(LocalSpark.Cluster cluster) throws Exception {
    Workflow campaign = new AlloyCampaign().define(Map.of("training", "30", "batch", "15", "ranks", "1",
        "rounds", "0", "baseline", "false", "holdout", "0", "screen", "60000"));
    Workflow upToScreen = upTo(campaign, AlloyScreening.SCREEN);

    SparkSessions.stop();
    SparkSessions.configure(cluster.settings());
    Path clusterTable;
    List<Path> batches;
    Path clusterScreening;
    Path model;
    Map<String, Object> screenParams;
    try (var f = TestEngines.create(dir.resolve("cluster"), LocalExecutor.onThisMachine())) {
      RunOutcome out = f.engine().run(upToScreen, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      var ctx = SparkSessions.shared().sparkContext();
      assertEquals(cluster.master(), ctx.master());
      assertTrue(ctx.statusTracker().getExecutorInfos().length > 1, "executors on the workers ran the ingest");
      Map<String, Object> values = f.store().values(out.runId(), EnsembleSurrogate.INGEST).get(0);
      assertEquals(30L, ((Number) values.get(Ingest.ROWS)).longValue());
      clusterTable = workDir(f, out, EnsembleSurrogate.INGEST).resolve(Ingest.TABLE);
      batches = f.store().points(out.runId()).stream().filter(p -> p.key().step().equals(AlloyScreening.PACK))
          .sorted(Comparator.comparingInt(p -> p.key().index()))
          .map(p -> Path.of(p.workDir()).resolve(AlloyScreening.BATCH_HDF5)).toList();
      Map<String, Object> screened = f.store().values(out.runId(), AlloyScreening.SCREEN).get(0);
      assertEquals(cluster.master(), screened.get("screen_spark_master"), "the screen ran as a Spark job");
      assertEquals(60000L, ((Number) screened.get("screened")).longValue());
      clusterScreening = workDir(f, out, AlloyScreening.SCREEN).resolve(AlloyScreening.SCREENING_CSV);
      screenParams = f.store().points(out.runId()).stream().filter(p -> p.key().step().equals(AlloyScreening.SCREEN))
          .findFirst().orElseThrow().params();
      model = workDir(f, out, EnsembleSurrogate.TRAIN).resolve(campaign.steps().get(AlloyScreening.SCREEN)
          .inputs().get("model").output());
    }
    SparkSessions.stop();

    // The same step's function over the same files, embedded.
    SparkSessions.configure(Map.of());
    Path localDir = Files.createDirectories(dir.resolve("local"));
    StepFunction ingest = ((Action.Function) campaign.steps().get(EnsembleSurrogate.INGEST).action()).function();
    ingest.run(context(EnsembleSurrogate.INGEST, localDir, Map.of(), batches));
    Path localTable = localDir.resolve(Ingest.TABLE);
    assertEquals("local[*]", SparkSessions.shared().sparkContext().master());

    List<Row> expected = Ingest.read(localTable).collectAsList();
    List<Row> actual = Ingest.read(clusterTable).collectAsList();
    assertEquals(30, expected.size());
    assertEquals(expected, actual, "rows in order, doubles bit for bit (Row.equals compares them with Double.compare)");
    assertEquals(Ingest.read(localTable).schema(), Ingest.read(clusterTable).schema());
    assertEquals(parts(localTable).size(), parts(clusterTable).size(), "the same partitions");

    // The screen step's function with the cluster run's model, embedded: threads, not Spark.
    Path localScreen = Files.createDirectories(dir.resolve("local-screen"));
    Map<String, Object> values = new HashMap<>();
    StepFunction screen = ((Action.Function) campaign.steps().get(AlloyScreening.SCREEN).action()).function();
    screen.run(context(AlloyScreening.SCREEN, localScreen, screenParams, List.of(model), values));
    assertTrue(values.containsKey("screen_threads") && !values.containsKey("screen_spark_master"), values.keySet().toString());
    List<String> picks = Files.readAllLines(localScreen.resolve(AlloyScreening.SCREENING_CSV));
    assertTrue(picks.size() > 10, "a header and picks: " + picks);
    assertEquals(picks, Files.readAllLines(clusterScreening), "the same picks, predictions and gate decisions");
  }

  /** The campaign's steps that {@code last} needs, with {@code last}: the same steps, not copies. */
  private static Workflow upTo(Workflow w, String last) {
    Set<String> needed = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(last));
    while (!todo.isEmpty()) {
      String s = todo.pop();
      if (needed.add(s)) todo.addAll(w.steps().get(s).upstream());
    }
    Workflow.Builder b = Workflow.builder(w.name());
    w.steps().values().stream().filter(s -> needed.contains(s.name())).forEach(b::step);
    return b.build();
  }

  private static List<Path> parts(Path table) throws Exception {
    try (Stream<Path> s = Files.list(table)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  private static Path workDir(TestEngines.Fixture f, RunOutcome out, String step) {
    return f.store().points(out.runId()).stream().filter(p -> p.key().step().equals(step))
        .map(p -> Path.of(p.workDir())).findFirst().orElseThrow();
  }

  private static StepContext context(String step, Path workDir, Map<String, Object> params, List<Path> inputs) {
    return context(step, workDir, params, inputs, new HashMap<>());
  }

  /** What the engine hands a step: its work directory, parameters and input files (every input the same). */
  private static StepContext context(String step, Path workDir, Map<String, Object> params, List<Path> inputs,
      Map<String, Object> values) {
    return new StepContext() {
      @Override public String stepName() { return step; }
      @Override public int pointIndex() { return 0; }
      @Override public Params params() { return Params.of(params); }
      @Override public Path workDir() { return workDir; }
      @Override public List<Path> inputFiles(String name) { return inputs; }
      @Override public Path inputFile(String name) { return inputs.get(0); }
      @Override public List<Map<String, Object>> inputValues(String name) { return List.of(); }
      @Override public List<Params> inputParams(String name) { return List.of(); }
      @Override public void value(String key, Object value) { values.put(key, value); }
      @Override public void progress(double fraction) {}
    };
  }

}
