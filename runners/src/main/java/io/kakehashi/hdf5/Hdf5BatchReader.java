package io.kakehashi.hdf5;

import io.jhdf.GlobalHeap;
import io.jhdf.api.Dataset;
import io.jhdf.dataset.DatasetReader;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the file ranges of one partition as column batches: one {@link StoredRows} read per
 * required dataset and batch, copied into reused on-heap vectors. Memory stays at one batch per task.
 */
final class Hdf5BatchReader implements PartitionReader<ColumnarBatch> {
  private static final Logger LOG = LoggerFactory.getLogger(Hdf5BatchReader.class);
  private final Hdf5ReaderFactory ctx;
  private final Iterator<FileRange> ranges;
  private final ColumnVector[] vectors;
  private final ColumnarBatch batch;

  private FileLayout file;
  private Dataset[] datasets;
  private StoredRows[] rows;
  /** Global heap collections of the open file, read once for its variable-length strings. */
  private final Map<Long, GlobalHeap> heaps = new HashMap<>();
  private long rangeStart;
  private long next;
  private long end;
  private int batchRows;
  private long datasetsRead;
  private long bytesRead;

  Hdf5BatchReader(Hdf5ReaderFactory ctx, List<FileRange> ranges) {
    this.ctx = ctx;
    this.ranges = ranges.iterator();
    List<Column> required = ctx.required();
    this.vectors = new ColumnVector[required.size()];
    int capacity = ctx.options().batchRows();
    for (int i = 0; i < vectors.length; i++) {
      Column c = required.get(i);
      // Attributes and the path are one value per file: a constant vector, not a copy per row.
      vectors[i] = c.kind() == Column.Kind.DATASET
          ? new OnHeapColumnVector(capacity, c.toField().dataType())
          : new ConstantColumnVector(capacity, c.type());
    }
    this.batch = new ColumnarBatch(vectors);
  }

  @Override
  public boolean next() {
    while (true) {
      if (file != null && next < end) {
        try {
          readBatch();
          return true;
        } catch (Hdf5ReadException e) {
          failed(e, next - rangeStart);
        }
      } else {
        closeFile();
        if (!ranges.hasNext()) return false;
        FileRange r = ranges.next();
        try {
          openRange(r);
        } catch (Hdf5ReadException e) {
          failed(e, 0);
        }
      }
    }
  }

  /**
   * A bad file fails the read, or is reported and left. Files are checked (truncation, types,
   * lengths) before their first row, so {@code rowsRead} is 0 but for data that is corrupt
   * inside: rows already handed to Spark cannot be taken back, and the report says so.
   */
  private void failed(Hdf5ReadException e, long rowsRead) {
    closeFile();
    if (ctx.options().mode() == ReadMode.FAILFAST) throw e;
    String kept = rowsRead == 0 ? "" : " (after " + rowsRead + " rows from " + rangeStart + ", which were kept)";
    ctx.skipped().add(e.skipped(kept));
  }

  private void openRange(FileRange r) {
    file = FileLayout.open(Path.of(r.path()), ctx.options().group());
    long fileRows = file.check(ctx.tableColumns(), ctx.referenceFile());
    if (ctx.omitted() != null && r.start() == 0) {
      for (OmittedDataset o : file.notInSchema(ctx.tableColumns(), ctx.referenceFile())) {
        LOG.warn("{}", o);
        ctx.omitted().add(o);
      }
    }
    rangeStart = r.start();
    next = r.start();
    end = r.end() < 0 ? fileRows : Math.min(r.end(), fileRows);
    List<Column> required = ctx.required();
    datasets = new Dataset[required.size()];
    rows = new StoredRows[required.size()];
    int chunkRows = 1;
    for (int i = 0; i < required.size(); i++) {
      Column c = required.get(i);
      switch (c.kind()) {
        case DATASET -> {
          datasets[i] = file.dataset(c.name());
          rows[i] = file.storedRows(c.name());
          chunkRows = Math.max(chunkRows, file.chunkRows(c.name()));
          if (end > next) datasetsRead++;
        }
        case ATTRIBUTE -> VectorFill.setConstant((ConstantColumnVector) vectors[i], c.type(), file.attribute(c.name()));
        case SOURCE_FILE -> VectorFill.setConstant((ConstantColumnVector) vectors[i], c.type(), file.file());
      }
    }
    // Whole chunks per batch, so that no chunk is inflated twice.
    int wanted = ctx.options().batchRows();
    batchRows = Math.toIntExact(Math.max(chunkRows, (long) Math.ceil(wanted / (double) chunkRows) * chunkRows));
  }

  private void readBatch() {
    int n = (int) Math.min(batchRows, end - next);
    List<Column> required = ctx.required();
    for (int i = 0; i < vectors.length; i++) {
      Column c = required.get(i);
      if (c.kind() != Column.Kind.DATASET) continue;
      WritableColumnVector v = (WritableColumnVector) vectors[i];
      v.reset();
      v.reserve(n);
      Dataset d = datasets[i];
      int[] dims = d.getDimensions();
      int width = dims.length == 2 ? dims[1] : 1;
      try {
        putRows(v, c.type(), d, rows[i], next, n, width, dims.length == 2);
      } catch (Hdf5ReadException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new Hdf5ReadException(file.file(), d.getPath(),
            "cannot read rows " + next + ".." + (next + n) + " (" + e.getMessage() + ")", e);
      }
      bytesRead += (long) n * d.getDataType().getSize() * width;
    }
    batch.setNumRows(n);
    next += n;
  }

  /**
   * Puts rows {@code [start, start + n)} into the vector (into its element vector for a 2-D
   * dataset, then one fixed-length array per row). Little-endian numbers go straight from the
   * decoded chunk (or the file) into the vector: one copy. Other types are decoded from the rows'
   * stored bytes.
   */
  private void putRows(WritableColumnVector v, DataType type, Dataset d, StoredRows stored, long start, int n,
                       int width, boolean array) {
    WritableColumnVector target = array ? v.arrayData() : v;
    int count = n * width;
    target.reserve(count);
    io.jhdf.object.datatype.DataType stype = d.getDataType();
    if (Hdf5Types.isLittleEndianPrimitive(stype, type)) {
      stored.read(start, n, (src, srcOffset, element, elements) ->
          VectorFill.putLittleEndian(target, type, element, elements, src, srcOffset));
    } else if (stype instanceof StringData s) {
      VectorFill.putFixedStrings(target, s, stored.bytes(start, n), count, file.file(), d.getPath());
    } else if (stype instanceof VariableLength vl && vl.isVariableLengthString()) {
      if (heaps.size() > 256) heaps.clear(); // bounded: a heap collection is read again if needed
      VectorFill.putVariableLengthStrings(target, vl, stored.bytes(start, n), count,
          d.getHdfFile().getHdfBackingStorage(), heaps, file.file(), d.getPath());
    } else {
      ByteBuffer buffer = ByteBuffer.wrap(stored.bytes(start, n));
      if (stype instanceof OrderedDataType o) buffer.order(o.getByteOrder());
      VectorFill.putColumn(target, type,
          DatasetReader.readDataset(stype, buffer, count, d.getHdfFile().getHdfBackingStorage()), count);
    }
    if (array) {
      for (int i = 0; i < n; i++) v.putArray(i, i * width, width);
    }
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return new CustomTaskMetric[] {
      Hdf5Metrics.value(Hdf5Metrics.DATASETS_READ, datasetsRead),
      Hdf5Metrics.value(Hdf5Metrics.BYTES_READ, bytesRead),
    };
  }

  private void closeFile() {
    heaps.clear();
    if (file != null) {
      file.close();
      file = null;
    }
  }

  @Override
  public void close() {
    closeFile();
    batch.close();
  }
}
