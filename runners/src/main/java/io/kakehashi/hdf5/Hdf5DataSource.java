package io.kakehashi.hdf5;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hdf5} Spark data source: {@code spark.read().format("hdf5").option(...).load(paths)}.
 * See {@link Hdf5Options} for the options and {@link Hdf5Source} for what a read reports.
 *
 * <p>The schema comes from the first readable file (in path order); every other file is checked
 * against it when it is read, so planning opens only large files (to split them) and not
 * thousands of small ones.
 */
public final class Hdf5DataSource implements TableProvider, DataSourceRegister {
  /** Spark calls inferSchema, then getTable, on one instance: the files found are kept in between. */
  private Inferred inferred;

  private record Inferred(Hdf5Options options, List<Path> files, StructType schema, String referenceFile,
                          List<SkippedFile> skipped, List<OmittedDataset> omitted) {}

  private static final Logger LOG = LoggerFactory.getLogger(Hdf5DataSource.class);

  @Override
  public String shortName() {
    return Hdf5Source.FORMAT;
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    Hdf5Options o = Hdf5Options.parse(options);
    List<Path> files = Hdf5Files.resolve(o.paths());
    List<SkippedFile> skipped = new ArrayList<>();
    for (Path f : files) {
      try (FileLayout file = FileLayout.open(f, o.group())) {
        List<OmittedDataset> omitted = new ArrayList<>();
        List<Column> columns = file.infer(o, omitted);
        // Never silent: what the schema leaves out is said, and kept for Hdf5Source.omittedDatasets.
        omitted.forEach(m -> LOG.warn("{}", m));
        StructType schema = new StructType(columns.stream().map(Column::toField).toArray(StructField[]::new));
        inferred = new Inferred(o, files, schema, file.file(), skipped, List.copyOf(omitted));
        return schema;
      } catch (Hdf5ReadException e) {
        if (o.mode() == ReadMode.FAILFAST) throw e;
        skipped.add(e.skipped(""));
      }
    }
    throw new IllegalArgumentException("hdf5 read: no file could be read; " + skipped);
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    Hdf5Options o = Hdf5Options.parse(properties);
    ReportAccumulator<SkippedFile> skipped = ReportAccumulator.skippedFiles();
    SparkSession.active().sparkContext().register(skipped, "hdf5 skipped files");
    ReportAccumulator<OmittedDataset> omitted = ReportAccumulator.omittedDatasets();
    SparkSession.active().sparkContext().register(omitted, "hdf5 omitted datasets");
    Inferred i = inferred;
    if (i != null && i.options().equals(o) && i.schema().equals(schema)) {
      i.skipped().forEach(skipped::add);
      i.omitted().forEach(omitted::add);
      return new Hdf5Table(schema, o, i.files(), i.referenceFile(), skipped, omitted, o.datasets().isEmpty());
    }
    return new Hdf5Table(schema, o, Hdf5Files.resolve(o.paths()), "the schema given to the reader", skipped, omitted,
        false);
  }
}
