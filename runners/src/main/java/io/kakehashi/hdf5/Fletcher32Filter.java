package io.kakehashi.hdf5;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.Filter;

/**
 * HDF5's fletcher32 checksum filter (id 3) for jHDF, replacing jHDF's, which only logs that it
 * does not check: a chunk whose checksum does not match is an error, as in the reference
 * library (H5Zfletcher32.c), which also accepts the byte-swapped sum that releases before 1.6.4
 * wrote. Decoding strips the 4-byte checksum; encoding appends it.
 */
public final class Fletcher32Filter implements Filter {
  @Override
  public int getId() {
    return 3;
  }

  @Override
  public String getName() {
    return "fletcher32";
  }

  @Override
  public byte[] decode(byte[] data, int[] filterData) {
    if (data.length < 4) throw new HdfFilterException("fletcher32: a chunk of " + data.length + " bytes has no checksum");
    int n = data.length - 4;
    int stored = (data[n] & 0xff) | (data[n + 1] & 0xff) << 8 | (data[n + 2] & 0xff) << 16 | (data[n + 3] & 0xff) << 24;
    int computed = checksum(data, n);
    int swapped = ((computed & 0x00ff00ff) << 8) | ((computed >>> 8) & 0x00ff00ff);
    if (stored != computed && stored != swapped) {
      throw new HdfFilterException(String.format(
          "fletcher32 checksum mismatch: the chunk says %08x, its data sums to %08x (the file is damaged)",
          stored, computed));
    }
    return java.util.Arrays.copyOf(data, n);
  }

  @Override
  public byte[] encode(byte[] data, int[] filterData) {
    int sum = checksum(data, data.length);
    byte[] out = java.util.Arrays.copyOf(data, data.length + 4);
    for (int i = 0; i < 4; i++) out[data.length + i] = (byte) (sum >>> (8 * i));
    return out;
  }

  /** Fletcher's checksum over big-endian 16-bit words, as H5_checksum_fletcher32 computes it. */
  static int checksum(byte[] data, int length) {
    long sum1 = 0;
    long sum2 = 0;
    int words = length / 2;
    int i = 0;
    while (words > 0) {
      int block = Math.min(words, 360); // sums stay below 2^32 between reductions
      words -= block;
      for (int k = 0; k < block; k++, i += 2) {
        sum1 += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        sum2 += sum1;
      }
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    if ((length & 1) != 0) {
      sum1 += (data[i] & 0xff) << 8;
      sum2 += sum1;
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    return (int) ((sum2 << 16) | sum1);
  }
}
