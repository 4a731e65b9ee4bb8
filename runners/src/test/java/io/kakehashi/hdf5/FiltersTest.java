package io.kakehashi.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.ByteShuffleFilter;
import io.jhdf.filter.DeflatePipelineFilter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Our deflate and shuffle decoders give what jHDF's own give, on the data jHDF's encoders make;
 * fletcher32 checks (files h5py wrote with it are in the conformance suite).
 */
class FiltersTest {
  private static byte[] data(int n) {
    byte[] b = new byte[n];
    Random r = new Random(42);
    for (int i = 0; i < n; i++) b[i] = (byte) (r.nextInt(7) * (i % 13)); // compressible, not constant
    return b;
  }

  @Test
  void shuffleDecodesLikeJhdfForEveryElementSizeAndATail() {
    ByteShuffleFilter jhdf = new ByteShuffleFilter();
    for (int size : new int[] {1, 2, 4, 8}) {
      for (int n : new int[] {0, 7, 1024 * 8, 1024 * 8 * 3 + 5}) {
        byte[] shuffled = jhdf.encode(data(n), new int[] {size});
        assertArrayEquals(jhdf.decode(shuffled, new int[] {size}), new ShuffleFilter().decode(shuffled, new int[] {size}),
            "element size " + size + ", " + n + " bytes");
      }
    }
  }

  @Test
  void deflateDecodesLikeJhdfAndRejectsACorruptStream() {
    DeflatePipelineFilter jhdf = new DeflatePipelineFilter();
    for (int n : new int[] {1, 4096, 1 << 20}) {
      byte[] compressed = jhdf.encode(data(n), new int[] {4});
      assertArrayEquals(data(n), new DeflateFilter().decode(compressed, new int[] {4}), n + " bytes");
    }
    byte[] compressed = jhdf.encode(data(1 << 16), new int[] {4});
    compressed[compressed.length / 2] ^= (byte) 0xff;
    compressed[compressed.length / 2 + 1] ^= (byte) 0xff;
    assertThrows(HdfFilterException.class, () -> new DeflateFilter().decode(compressed, new int[] {4}));
    byte[] cut = java.util.Arrays.copyOf(jhdf.encode(data(1 << 16), new int[] {4}), 100);
    assertThrows(HdfFilterException.class, () -> new DeflateFilter().decode(cut, new int[] {4}));
  }

  @Test
  void fletcher32StripsAVerifiedChecksumAndRefusesADamagedChunk() {
    Fletcher32Filter f = new Fletcher32Filter();
    for (int n : new int[] {0, 1, 719, 720, 721, 100_003}) {
      byte[] data = data(n);
      byte[] stored = f.encode(data, new int[0]);
      assertEquals(n + 4, stored.length);
      assertArrayEquals(data, f.decode(stored, new int[0]), n + " bytes");
    }
    byte[] stored = f.encode(data(4096), new int[0]);
    stored[1000] ^= 0x10;
    HdfFilterException e = assertThrows(HdfFilterException.class, () -> f.decode(stored, new int[0]));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());

    // Releases before 1.6.4 stored the sum with the bytes of each half swapped: still accepted.
    byte[] old = f.encode(data(999), new int[0]);
    int n = old.length - 4;
    byte t = old[n];
    old[n] = old[n + 1];
    old[n + 1] = t;
    t = old[n + 2];
    old[n + 2] = old[n + 3];
    old[n + 3] = t;
    assertArrayEquals(data(999), f.decode(old, new int[0]));
  }
}
