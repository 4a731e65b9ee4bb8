package io.kakehashi.surrogate.data;

/**
 * A 64-bit hash of one row's values. Rows are identified by content rather than position, so a
 * validation split, a bootstrap resample and a data fingerprint come out the same whatever order
 * a {@link BatchSource} delivers its rows in.
 */
public final class RowHash {
  private RowHash() {}

  /** The hash of row {@code row} of {@code columns}, mixed with {@code salt}. */
  public static long of(double[][] columns, int row, long salt) {
    long h = mix(salt ^ 0x9E3779B97F4A7C15L);
    for (double[] c : columns) {
      double v = c[row];
      // -0.0 and 0.0 are the same value; all NaNs are the same value.
      long bits = v == 0.0 ? 0L : Double.doubleToLongBits(v);
      h = mix(h ^ bits) + 0x632BE59BD9B4E019L;
    }
    return mix(h);
  }

  /** A uniform number in [0, 1) derived from {@code hash} and {@code salt}. */
  public static double uniform(long hash, long salt) {
    return (mix(hash ^ mix(salt)) >>> 11) * 0x1.0p-53;
  }

  /** MurmurHash3's 64-bit finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb93fe53b1a85L;
    return z ^ (z >>> 33);
  }
}
