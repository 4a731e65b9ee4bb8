package io.kakehashi.hdf5;

import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The SQL metrics of an hdf5 scan, shown in Spark's UI and readable from the executed plan.
 * Spark instantiates these classes by name, hence public.
 */
public final class Hdf5Metrics {
  /** Datasets whose data was read, counted once per file range; column pruning keeps it low. */
  public static final String DATASETS_READ = "datasetsRead";
  /** Uncompressed bytes of dataset data read. */
  public static final String BYTES_READ = "hdf5BytesRead";

  private Hdf5Metrics() {}

  public static final class DatasetsRead extends CustomSumMetric {
    @Override
    public String name() {
      return DATASETS_READ;
    }

    @Override
    public String description() {
      return "HDF5 datasets read";
    }
  }

  public static final class BytesRead extends CustomSumMetric {
    @Override
    public String name() {
      return BYTES_READ;
    }

    @Override
    public String description() {
      return "HDF5 bytes read (uncompressed)";
    }
  }

  static CustomTaskMetric value(String name, long value) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return value;
      }
    };
  }
}
