package io.kakehashi.hdf5;

import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/** What one Spark task reads: several small files, or one chunk-aligned row range of a large one. */
record Hdf5Partition(List<FileRange> ranges) implements InputPartition {
  Hdf5Partition {
    ranges = List.copyOf(ranges);
  }
}
