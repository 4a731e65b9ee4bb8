package io.kakehashi.hdf5;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Shipped to the executors with everything a reader needs.
 *
 * @param options the read's options
 * @param tableColumns every column of the table: each file is checked against all of them, so a
 *     file is good or bad whatever the query selects
 * @param required the columns the query reads, in output order
 * @param referenceFile where the schema came from, named in conflict errors
 * @param skipped collects the files a {@link ReadMode#SKIP} read leaves out
 * @param omitted collects datasets of the files read that the inferred schema has no column
 *     for; null when the schema was given (by the user, or as named datasets)
 */
record Hdf5ReaderFactory(Hdf5Options options, List<Column> tableColumns, List<Column> required,
                         String referenceFile, ReportAccumulator<SkippedFile> skipped,
                         ReportAccumulator<OmittedDataset> omitted) implements PartitionReaderFactory {

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new Hdf5BatchReader(this, ((Hdf5Partition) partition).ranges());
  }

  /** Row by row over the same batches, for a Spark that asks for rows. */
  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    Hdf5BatchReader batches = new Hdf5BatchReader(this, ((Hdf5Partition) partition).ranges());
    return new PartitionReader<>() {
      private Iterator<InternalRow> rows = Collections.emptyIterator();
      private InternalRow current;

      @Override
      public boolean next() throws IOException {
        while (!rows.hasNext()) {
          if (!batches.next()) return false;
          rows = batches.get().rowIterator();
        }
        current = rows.next();
        return true;
      }

      @Override
      public InternalRow get() {
        return current;
      }

      @Override
      public void close() {
        batches.close();
      }
    };
  }
}
