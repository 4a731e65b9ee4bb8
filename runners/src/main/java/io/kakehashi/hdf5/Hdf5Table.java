package io.kakehashi.hdf5;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The HDF5 files of one {@code load(...)} as a table. It lives in the DataFrame's plan, so every
 * action on that DataFrame reports its skipped files to the same accumulator.
 */
final class Hdf5Table implements SupportsRead {
  private final StructType schema;
  private final Hdf5Options options;
  private final List<Path> files;
  private final String referenceFile;
  private final ReportAccumulator<SkippedFile> skipped;
  private final ReportAccumulator<OmittedDataset> omitted;
  private final boolean schemaInferred;

  /**
   * @param schemaInferred whether the schema was inferred (rather than given): then datasets of
   *     other files that it has no column for are reported as omitted
   */
  Hdf5Table(StructType schema, Hdf5Options options, List<Path> files, String referenceFile,
            ReportAccumulator<SkippedFile> skipped, ReportAccumulator<OmittedDataset> omitted,
            boolean schemaInferred) {
    this.omitted = omitted;
    this.schemaInferred = schemaInferred;
    this.schema = schema;
    this.options = options;
    this.files = List.copyOf(files);
    this.referenceFile = referenceFile;
    this.skipped = skipped;
  }

  @Override
  public String name() {
    return "hdf5:" + String.join(",", options.paths());
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
    return new Hdf5ScanBuilder(this);
  }

  Hdf5Options options() {
    return options;
  }

  List<Path> files() {
    return files;
  }

  String referenceFile() {
    return referenceFile;
  }

  ReportAccumulator<SkippedFile> skipped() {
    return skipped;
  }

  boolean schemaInferred() {
    return schemaInferred;
  }

  ReportAccumulator<OmittedDataset> omitted() {
    return omitted;
  }

  List<SkippedFile> skippedFiles() {
    return skipped.value();
  }
}
