package io.kakehashi.spark;

import io.kakehashi.hdf5.Hdf5Options;
import io.kakehashi.hdf5.Hdf5Source;
import io.kakehashi.hdf5.ReadMode;
import io.kakehashi.hdf5.SkippedFile;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.StepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The ingest step: gathers the HDF5 files of an upstream step into one Parquet table in its work
 * directory, so that training and {@code resume} never read the HDF5 again.
 *
 * <pre>{@code
 * workflow.step(Ingest.step("ingest", Input.gather("relax", "batch.h5")).mode(ReadMode.SKIP).toStep());
 * // downstream, in a function step with Input.of("ingest", Ingest.TABLE) as "table":
 * Dataset<Row> table = Ingest.read(ctx, "table");
 * }</pre>
 *
 * <p>Values recorded: {@value #ROWS}, {@value #FILES} (files gathered), {@value #SCHEMA} (a list
 * of {@code {name, type}}), {@value #SKIPPED} (a list of {@code {path, reason}}).
 */
public final class Ingest {
  /** The Parquet directory the step publishes. */
  public static final String TABLE = "table.parquet";
  /** The name of the step's input. */
  public static final String INPUT = "hdf5";
  public static final String ROWS = "rows";
  public static final String FILES = "files";
  public static final String SCHEMA = "schema";
  public static final String SKIPPED = "skipped";

  private final String name;
  private final Input input;
  private final Map<String, String> options = new TreeMap<>();
  private boolean allowEmpty;

  private Ingest(String name, Input input) {
    this.name = Objects.requireNonNull(name, "step name");
    this.input = Objects.requireNonNull(input, "input");
    if (input.output() == null) {
      throw new IllegalArgumentException("ingest step '" + name + "': its input must name the upstream HDF5 file");
    }
    options.put(Hdf5Options.MODE, ReadMode.FAILFAST.name().toLowerCase());
  }

  /** An ingest step reading the files of {@code input}, usually {@code Input.gather(step, "batch.h5")}. */
  public static Ingest step(String name, Input input) {
    return new Ingest(name, input);
  }

  public Ingest mode(ReadMode mode) {
    return option(Hdf5Options.MODE, mode.name().toLowerCase());
  }

  /** The group that holds the columns; the root by default. */
  public Ingest group(String group) {
    return option(Hdf5Options.GROUP, group);
  }

  /** Reads only these datasets of the group. */
  public Ingest datasets(String... datasets) {
    return option(Hdf5Options.DATASETS, String.join(",", datasets));
  }

  /** Adds the scalar attributes of the file and its groups as columns. */
  public Ingest attributes(boolean attributes) {
    return option(Hdf5Options.ATTRIBUTES, Boolean.toString(attributes));
  }

  /**
   * An input without files publishes an empty table (a {@value #TABLE} directory without data,
   * {@value #ROWS} 0) instead of failing: for a sweep that may legitimately have no points, such
   * as an active-learning round after its stop rule held. {@link #read(StepContext, String)}
   * passes over empty tables.
   */
  public Ingest allowEmpty() {
    this.allowEmpty = true;
    return this;
  }

  /** Any option of the {@code hdf5} source (see {@link Hdf5Options}). */
  public Ingest option(String key, String value) {
    options.put(key, Objects.requireNonNull(value, key));
    return this;
  }

  /**
   * The function step. Its version covers the options as well as this class's code, so changing
   * the mode or the datasets ingests again.
   */
  public Step.Builder toStep() {
    Map<String, String> opts = Map.copyOf(options);
    boolean empty = allowEmpty;
    Step.Builder b = Step.function(name, ctx -> run(ctx, opts, empty)).input(INPUT, input).outputs(TABLE);
    String code = ((Action.Function) b.build().action()).version();
    return b.version(code + " " + new TreeMap<>(opts) + (empty ? " allow-empty" : ""));
  }

  private static void run(StepContext ctx, Map<String, String> options, boolean allowEmpty) throws IOException {
    List<Path> files = ctx.inputFiles(INPUT);
    if (files.isEmpty() && allowEmpty) {
      Files.createDirectories(ctx.workDir().resolve(TABLE));
      ctx.value(ROWS, 0L);
      ctx.value(FILES, 0);
      return;
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("ingest step '" + ctx.stepName() + "': input '" + INPUT + "' has no files");
    }
    SparkSession spark = SparkSessions.shared();
    Dataset<Row> df = spark.read().format(Hdf5Source.FORMAT).options(options)
        .load(files.stream().map(Path::toString).toArray(String[]::new));

    // Written beside the final name and renamed, so a crash never leaves a partial table. Not a
    // dot-name: Spark treats those as hidden and would not read the table back.
    Path table = ctx.workDir().resolve(TABLE);
    Path partial = ctx.workDir().resolve(TABLE + ".partial");
    deleteTree(partial);
    df.write().mode(SaveMode.ErrorIfExists).parquet(partial.toString());
    List<SkippedFile> skipped = Hdf5Source.skippedFiles(df);
    long rows = spark.read().parquet(partial.toString()).count();
    deleteTree(table);
    Files.move(partial, table, StandardCopyOption.ATOMIC_MOVE);

    List<Map<String, Object>> schema = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", f.name());
      column.put("type", f.dataType().simpleString());
      schema.add(column);
    }
    List<Map<String, Object>> skippedValues = new ArrayList<>();
    for (SkippedFile s : skipped) skippedValues.add(Map.of("path", s.path(), "reason", s.reason()));
    ctx.value(ROWS, rows);
    ctx.value(FILES, files.size());
    ctx.value(SCHEMA, schema);
    ctx.value(SKIPPED, skippedValues);
  }

  /** The table an ingest step wrote, from its work directory's {@value #TABLE}. */
  public static Dataset<Row> read(Path table) {
    return SparkSessions.shared().read().parquet(table.toString());
  }

  /** The tables of a downstream step's input (one per upstream ingest point), as one DataFrame. */
  public static Dataset<Row> read(StepContext ctx, String inputName) {
    return read(ctx, List.of(inputName));
  }

  /**
   * The tables of several inputs of a downstream step as one DataFrame (columns matched by name);
   * empty tables ({@link #allowEmpty()}) are passed over.
   */
  public static Dataset<Row> read(StepContext ctx, List<String> inputNames) {
    List<Path> tables = new ArrayList<>();
    for (String inputName : inputNames) {
      for (Path t : ctx.inputFiles(inputName)) {
        if (!isEmptyTable(t)) tables.add(t);
      }
    }
    String inputName = String.join(", ", inputNames);
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("step '" + ctx.stepName() + "': input '" + inputName + "' has no table");
    }
    return SparkSessions.shared().read().parquet(tables.stream().map(Path::toString).toArray(String[]::new));
  }

  private static boolean isEmptyTable(Path table) {
    try (Stream<Path> s = Files.list(table)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false; // let Spark say what is wrong with it
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
    }
  }
}
