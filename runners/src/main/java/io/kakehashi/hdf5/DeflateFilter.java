package io.kakehashi.hdf5;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.DeflatePipelineFilter;
import io.jhdf.filter.Filter;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * HDF5's deflate filter (id 1) for jHDF, replacing jHDF's own through its service loader
 * ({@code META-INF/services/io.jhdf.filter.Filter}). jHDF inflates 4 KiB at a time into a
 * growing stream and makes a native inflater per chunk; this inflates a chunk in as few calls
 * as its size needs, into one array, with one inflater per thread. Encoding is jHDF's.
 */
public final class DeflateFilter implements Filter {
  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);
  private final DeflatePipelineFilter encoder = new DeflatePipelineFilter();

  @Override
  public int getId() {
    return 1;
  }

  @Override
  public String getName() {
    return "deflate";
  }

  @Override
  public byte[] decode(byte[] compressed, int[] filterData) {
    Inflater inflater = INFLATER.get();
    inflater.reset();
    inflater.setInput(compressed);
    byte[] out = new byte[Math.max(64 << 10, compressed.length * 4)];
    int n = 0;
    try {
      while (!inflater.finished()) {
        if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
        int read = inflater.inflate(out, n, out.length - n);
        if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new HdfFilterException("Inflating failed: the deflate stream ends early");
        }
        n += read;
      }
    } catch (DataFormatException e) {
      throw new HdfFilterException("Inflating failed", e);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  public byte[] encode(byte[] data, int[] filterData) {
    return encoder.encode(data, filterData);
  }
}
