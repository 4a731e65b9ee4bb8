package io.kakehashi.hdf5;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * Plans the read: small files are packed several to a partition (as Spark packs Parquet files),
 * a file larger than {@code maxPartitionBytes} is split into row ranges that begin on HDF5
 * chunk boundaries. Only large files are opened on the driver.
 */
final class Hdf5Scan implements Scan, Batch {
  private final Hdf5Table table;
  private final List<Column> tableColumns;
  private final List<Column> required;
  private final StructType readSchema;

  Hdf5Scan(Hdf5Table table, List<Column> tableColumns, List<Column> required, StructType readSchema) {
    this.table = table;
    this.tableColumns = tableColumns;
    this.required = required;
    this.readSchema = readSchema;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "hdf5 " + table.files().size() + " files, group " + table.options().group() + ", columns "
        + required.stream().map(Column::name).toList();
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public ColumnarSupportMode columnarSupportMode() {
    return ColumnarSupportMode.SUPPORTED;
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return new CustomMetric[] {new Hdf5Metrics.DatasetsRead(), new Hdf5Metrics.BytesRead()};
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new Hdf5ReaderFactory(table.options(), tableColumns, required, table.referenceFile(), table.skipped(),
        table.schemaInferred() ? table.omitted() : null);
  }

  @Override
  public InputPartition[] planInputPartitions() {
    Hdf5Options o = table.options();
    List<InputPartition> partitions = new ArrayList<>();
    List<Path> small = new ArrayList<>();
    Map<Path, Long> sizes = new HashMap<>();
    long totalBytes = 0;
    for (Path f : table.files()) {
      long size = Hdf5Files.size(f);
      sizes.put(f, size);
      if (size > o.maxPartitionBytes()) {
        for (FileRange r : split(f)) partitions.add(new Hdf5Partition(List.of(r)));
      } else {
        small.add(f);
        totalBytes += size + o.openCostBytes();
      }
    }
    int parallelism = SparkSession.active().sparkContext().defaultParallelism();
    long target = Math.min(o.maxPartitionBytes(), Math.max(o.openCostBytes(), totalBytes / Math.max(1, parallelism)));
    small.sort(Comparator.comparing((Path f) -> sizes.get(f)).reversed().thenComparing(Comparator.naturalOrder()));
    List<FileRange> current = new ArrayList<>();
    long currentBytes = 0;
    for (Path f : small) {
      long cost = sizes.get(f) + o.openCostBytes();
      if (!current.isEmpty() && currentBytes + cost > target) {
        partitions.add(new Hdf5Partition(current));
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(FileRange.whole(f.toString()));
      currentBytes += cost;
    }
    if (!current.isEmpty()) partitions.add(new Hdf5Partition(current));
    return partitions.toArray(InputPartition[]::new);
  }

  /** Row ranges of about {@code maxPartitionBytes} (uncompressed, of the columns read), in whole chunks. */
  private List<FileRange> split(Path f) {
    Hdf5Options o = table.options();
    List<Column> datasets = required.stream().filter(c -> c.kind() == Column.Kind.DATASET).toList();
    if (datasets.isEmpty()) datasets = tableColumns.stream().filter(c -> c.kind() == Column.Kind.DATASET).toList();
    long rows;
    long rowBytes = 0;
    int unit = 1;
    try (FileLayout file = FileLayout.open(f, o.group())) {
      rows = file.check(tableColumns, table.referenceFile());
      for (Column c : datasets) {
        rowBytes += file.rowBytes(c.name());
        unit = Math.max(unit, file.chunkRows(c.name()));
      }
    } catch (Hdf5ReadException e) {
      if (o.mode() == ReadMode.FAILFAST) throw e;
      table.skipped().add(e.skipped(""));
      return List.of();
    }
    long perSplit = Math.max(unit, o.maxPartitionBytes() / Math.max(1, rowBytes) / unit * unit);
    List<FileRange> ranges = new ArrayList<>();
    for (long start = 0; start < rows; start += perSplit) {
      ranges.add(new FileRange(f.toString(), start, Math.min(rows, start + perSplit)));
    }
    return ranges;
  }
}
