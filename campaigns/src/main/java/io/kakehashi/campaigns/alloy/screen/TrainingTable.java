package io.kakehashi.campaigns.alloy.screen;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Feature rows and targets read from {@link BatchHdf5Writer} files with jHDF: for small tables
 * (a linear fit, a test) without Spark. The campaign's surrogate reads the same columns through
 * the {@code hdf5} Spark data source.
 *
 * @param features row-major, rows x features.size()
 */
public record TrainingTable(List<String> featureNames, long[] ids, double[] features, double[] target) {
  public int rows() {
    return ids.length;
  }

  /** Reads columns {@code featureNames} and {@code target} from every file, in order. */
  public static TrainingTable read(List<Path> files, List<String> featureNames, String target) {
    int f = featureNames.size();
    long[][] ids = new long[files.size()][];
    double[][][] columns = new double[files.size()][][];
    int rows = 0;
    for (int k = 0; k < files.size(); k++) {
      Path file = files.get(k);
      try (HdfFile h5 = new HdfFile(file)) {
        ids[k] = (long[]) column(h5, file, "candidate_id", long[].class);
        columns[k] = new double[f + 1][];
        for (int c = 0; c <= f; c++) {
          String name = c < f ? featureNames.get(c) : target;
          double[] values = (double[]) column(h5, file, name, double[].class);
          if (values.length != ids[k].length) {
            throw new IllegalArgumentException(file + ": column '" + name + "' has " + values.length
                + " rows, candidate_id " + ids[k].length);
          }
          columns[k][c] = values;
        }
      } catch (HdfException e) {
        throw new IllegalArgumentException(file + ": not a readable HDF5 batch file: " + e.getMessage(), e);
      }
      rows += ids[k].length;
    }
    long[] allIds = new long[rows];
    double[] x = new double[rows * f];
    double[] y = new double[rows];
    int r = 0;
    for (int k = 0; k < files.size(); k++) {
      for (int i = 0; i < ids[k].length; i++, r++) {
        allIds[r] = ids[k][i];
        for (int c = 0; c < f; c++) x[r * f + c] = columns[k][c][i];
        y[r] = columns[k][f][i];
      }
    }
    return new TrainingTable(List.copyOf(featureNames), allIds, x, y);
  }

  private static Object column(HdfFile h5, Path file, String name, Class<?> type) {
    Dataset d;
    try {
      d = h5.getDatasetByPath(name);
    } catch (HdfException e) {
      throw new IllegalArgumentException(file + ": no dataset '" + name + "'", e);
    }
    Object data = d.getData();
    if (!type.isInstance(data)) {
      throw new IllegalArgumentException(file + ": dataset '" + name + "' is " + data.getClass().getSimpleName()
          + ", expected " + type.getSimpleName());
    }
    return data;
  }

  /** The rows whose id passes {@code keep}, in order. */
  public TrainingTable subset(LongPredicate keep) {
    int f = featureNames.size();
    int n = 0;
    for (long id : ids) if (keep.test(id)) n++;
    long[] i2 = new long[n];
    double[] x2 = new double[n * f];
    double[] y2 = new double[n];
    int k = 0;
    for (int r = 0; r < ids.length; r++) {
      if (!keep.test(ids[r])) continue;
      i2[k] = ids[r];
      System.arraycopy(features, r * f, x2, k * f, f);
      y2[k++] = target[r];
    }
    return new TrainingTable(featureNames, i2, x2, y2);
  }

  /** The rows whose id hashes into the held-out fraction: a split that does not depend on file order. */
  public boolean heldOut(int row, double fraction) {
    long h = ids[row] * 0x9e3779b97f4a7c15L;
    return ((h >>> 11) * 0x1.0p-53) < fraction;
  }
}
