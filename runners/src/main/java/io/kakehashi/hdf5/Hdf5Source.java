package io.kakehashi.hdf5;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Entry points around the {@code hdf5} data source.
 *
 * <pre>{@code
 * Dataset<Row> df = spark.read().format(Hdf5Source.FORMAT)
 *     .option(Hdf5Options.MODE, "skip")
 *     .load("/runs/relax/*" + "/batch.h5");
 * long rows = df.count();
 * List<SkippedFile> skipped = Hdf5Source.skippedFiles(df); // after an action
 * }</pre>
 */
public final class Hdf5Source {
  /** The short name registered with Spark. */
  public static final String FORMAT = "hdf5";
  /** The column that holds each row's file path. */
  public static final String SOURCE_FILE_COLUMN = Column.SOURCE_FILE;

  private Hdf5Source() {}

  /**
   * The files that the reads of {@code df} (made with {@link ReadMode#SKIP}) have left out so
   * far, with reasons, sorted by path. Files are checked as they are read, so call it after an
   * action (count, collect, write) that read all of them.
   */
  public static List<SkippedFile> skippedFiles(Dataset<?> df) {
    List<SkippedFile> out = new ArrayList<>();
    LogicalPlan plan = df.queryExecution().analyzed();
    for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof DataSourceV2Relation r && r.table() instanceof Hdf5Table t) {
        out.addAll(t.skippedFiles());
      }
    }
    return List.copyOf(out);
  }

  /**
   * The datasets that {@code df}'s table has no column for, with reasons, each also logged as a
   * warning: what schema inference left out of the first file (scalar or 3-D datasets, types with
   * no column type, links that cannot be followed), and datasets that other files have beyond the
   * inferred schema (found as they are read, so call it after an action). Empty for a schema
   * given by the user or datasets named in the options.
   */
  public static List<OmittedDataset> omittedDatasets(Dataset<?> df) {
    List<OmittedDataset> out = new ArrayList<>();
    for (LogicalPlan leaf : CollectionConverters.asJava(df.queryExecution().analyzed().collectLeaves())) {
      if (leaf instanceof DataSourceV2Relation r && r.table() instanceof Hdf5Table t) out.addAll(t.omitted().value());
    }
    return List.copyOf(out);
  }
}
