package io.kakehashi.hdf5;

import io.jhdf.GlobalHeap;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import io.jhdf.storage.HdfBackingStorage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HDF5 strings as the UTF-8 bytes of a Spark string, decoded the way h5py reads them (jHDF
 * decodes ASCII-labelled strings as US-ASCII, turning every byte over 0x7f into U+FFFD).
 *
 * <ul>
 *   <li>Fixed-length: padding removed as h5py does (trailing NULs; trailing spaces when
 *       space-padded; up to the first NUL when null-terminated).
 *   <li>ASCII-labelled (h5py's default {@code S} type, and {@code string_dtype('ascii')}): h5py
 *       gives bytes; they are decoded as ISO-8859-1, which maps every byte to one character and
 *       loses nothing (the byte is the code point).
 *   <li>UTF-8-labelled: must be valid UTF-8, else an error naming file and dataset.
 * </ul>
 */
final class Hdf5Strings {
  private static final byte[] EMPTY = new byte[0];
  private static final ThreadLocal<CharsetDecoder> UTF8 = ThreadLocal.withInitial(() ->
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT));

  private Hdf5Strings() {}

  /** Element {@code i} of fixed-length strings stored back to back in {@code bytes}. */
  static byte[] fixed(StringData type, byte[] bytes, int i, String file, String dataset) {
    int size = type.getSize();
    int from = i * size;
    int to = from + size;
    switch (type.getPaddingType()) {
      case NULL_TERMINATED -> {
        int end = from;
        while (end < to && bytes[end] != 0) end++;
        to = end;
      }
      case NULL_PADDED -> {
        while (to > from && bytes[to - 1] == 0) to--;
      }
      case SPACE_PADDED -> {
        while (to > from && bytes[to - 1] == ' ') to--;
      }
    }
    return utf8(bytes, from, to - from, type.getCharset().equals(StandardCharsets.UTF_8), i, file, dataset);
  }

  /**
   * Element {@code i} of variable-length strings whose global heap references are stored back to
   * back in {@code bytes}; a reference never written (index 0) is the empty string. {@code heaps}
   * caches the heap collections read so far.
   */
  static byte[] variable(VariableLength type, byte[] bytes, int i, HdfBackingStorage storage,
                         Map<Long, GlobalHeap> heaps, String file, String dataset) {
    int size = type.getSize();
    int offsets = storage.getSizeOfOffsets();
    ByteBuffer ids = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int at = i * size + size - offsets - 4; // past the length: the heap object has its own
    long address = offsets == 8 ? ids.getLong(at) : Integer.toUnsignedLong(ids.getInt(at));
    int index = ids.getInt(at + offsets);
    if (index == 0) return EMPTY;
    ByteBuffer object = heaps.computeIfAbsent(address, a -> new GlobalHeap(storage, a)).getObjectData(index);
    byte[] s = new byte[object.remaining()];
    object.get(s);
    return utf8(s, 0, s.length, type.getEncoding().equals(StandardCharsets.UTF_8), i, file, dataset);
  }

  private static byte[] utf8(byte[] b, int from, int length, boolean utf8Label, int i, String file, String dataset) {
    boolean ascii = true;
    for (int k = from; k < from + length && ascii; k++) ascii = b[k] >= 0;
    if (ascii || utf8Label) {
      if (!ascii) {
        try {
          UTF8.get().reset().decode(ByteBuffer.wrap(b, from, length));
        } catch (CharacterCodingException e) {
          throw new Hdf5ReadException(file, dataset, "element " + i + " of the rows read is not valid UTF-8, "
              + "though the dataset's string type says UTF-8");
        }
      }
      return from == 0 && length == b.length ? b : java.util.Arrays.copyOfRange(b, from, from + length);
    }
    return new String(b, from, length, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
  }
}
