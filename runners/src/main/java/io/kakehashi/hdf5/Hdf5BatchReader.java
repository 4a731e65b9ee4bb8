package io.kakehashi.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.dataset.DatasetReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads the file ranges of one partition as column batches: one jHDF slice read per required
 * dataset and batch, copied into reused on-heap vectors. Memory stays at one batch per task.
 */
final class Hdf5BatchReader implements PartitionReader<ColumnarBatch> {
  private final Hdf5ReaderFactory ctx;
  private final Iterator<FileRange> ranges;
  private final ColumnVector[] vectors;
  private final ColumnarBatch batch;

  private FileLayout file;
  private Dataset[] datasets;
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
          failed(e);
        }
      } else {
        closeFile();
        if (!ranges.hasNext()) return false;
        FileRange r = ranges.next();
        try {
          openRange(r);
        } catch (Hdf5ReadException e) {
          failed(e);
        }
      }
    }
  }

  private void failed(Hdf5ReadException e) {
    closeFile();
    if (ctx.options().mode() == ReadMode.FAILFAST) throw e;
    ctx.skipped().add(new SkippedFile(e.file(), e.reportedReason()));
  }

  private void openRange(FileRange r) {
    file = FileLayout.open(Path.of(r.path()), ctx.options().group());
    long rows = file.check(ctx.tableColumns(), ctx.referenceFile());
    next = r.start();
    end = r.end() < 0 ? rows : Math.min(r.end(), rows);
    List<Column> required = ctx.required();
    datasets = new Dataset[required.size()];
    int chunkRows = 1;
    for (int i = 0; i < required.size(); i++) {
      Column c = required.get(i);
      switch (c.kind()) {
        case DATASET -> {
          datasets[i] = file.dataset(c.name());
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
      Object data;
      try {
        data = readRows(d, next, n, width);
      } catch (RuntimeException e) {
        throw new Hdf5ReadException(file.file(), d.getPath(),
            "cannot read rows " + next + ".." + (next + n) + " (" + e + ")", e);
      }
      if (dims.length == 2) {
        VectorFill.putArrays(v, c.type(), data, n, width);
      } else {
        VectorFill.putColumn(v, c.type(), data, n);
      }
      bytesRead += (long) n * d.getDataType().getSize() * width;
    }
    batch.setNumRows(n);
    next += n;
  }

  /**
   * Rows {@code [start, start + n)} as one flat Java array ({@code n * width} elements). jHDF's
   * own slicing reads a contiguous 2-D dataset one row at a time and returns an array per row;
   * here a contiguous dataset is one buffer slice and a chunked one one pass over its chunks.
   */
  private static Object readRows(Dataset d, long start, int n, int width) {
    int elementSize = d.getDataType().getSize();
    ByteBuffer bytes;
    if (d instanceof ContiguousDataset c) {
      // A plain read, not jHDF's memory map: maps of thousands of small files outlive their reads.
      long from = c.getDataAddress() + start * width * elementSize;
      bytes = d.getHdfFile().getHdfBackingStorage().readBufferFromAddress(from, Math.multiplyExact(n, width * elementSize));
    } else if (d instanceof DatasetBase b) {
      long[] offset = d.getDimensions().length == 2 ? new long[] {start, 0} : new long[] {start};
      int[] shape = offset.length == 2 ? new int[] {n, width} : new int[] {n};
      bytes = b.getSliceDataBuffer(offset, shape);
    } else {
      return d.getData(new long[] {start}, new int[] {n});
    }
    return DatasetReader.readDataset(d.getDataType(), bytes, n * width, d.getHdfFile().getHdfBackingStorage());
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
