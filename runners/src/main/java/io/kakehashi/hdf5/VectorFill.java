package io.kakehashi.hdf5;

import io.jhdf.GlobalHeap;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import io.jhdf.storage.HdfBackingStorage;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/** Copies the Java arrays that jHDF returns into Spark's column vectors, in bulk where Spark allows. */
final class VectorFill {
  private VectorFill() {}

  /** Puts {@code n} elements decoded by jHDF ({@code byte[]}, {@code double[]}, {@code String[]}...) from element 0. */
  static void putColumn(WritableColumnVector v, DataType type, Object data, int n) {
    putElements(v, type, 0, data, n);
  }

  private static void putElements(WritableColumnVector v, DataType type, int at, Object data, int n) {
    if (type.equals(DataTypes.DoubleType)) {
      v.putDoubles(at, n, (double[]) data, 0);
    } else if (type.equals(DataTypes.LongType)) {
      v.putLongs(at, n, (long[]) data, 0);
    } else if (type.equals(DataTypes.IntegerType)) {
      v.putInts(at, n, (int[]) data, 0);
    } else if (type.equals(DataTypes.FloatType)) {
      v.putFloats(at, n, (float[]) data, 0);
    } else if (type.equals(DataTypes.ShortType)) {
      v.putShorts(at, n, (short[]) data, 0);
    } else if (type.equals(DataTypes.ByteType)) {
      v.putBytes(at, n, (byte[]) data, 0);
    } else if (type.equals(Hdf5Types.UINT64)) {
      java.math.BigInteger[] values = (java.math.BigInteger[]) data; // how jHDF reads uint64
      for (int i = 0; i < n; i++) {
        v.putDecimal(at + i, org.apache.spark.sql.types.Decimal.apply(new java.math.BigDecimal(values[i])), 20);
      }
    } else if (type.equals(DataTypes.BooleanType)) {
      String[] names = (String[]) data; // jHDF reads enums as their names
      for (int i = 0; i < n; i++) v.putBoolean(at + i, "TRUE".equals(names[i]));
    } else if (type.equals(DataTypes.StringType)) {
      String[] s = (String[]) data;
      for (int i = 0; i < n; i++) {
        if (s[i] == null) {
          v.putNull(at + i);
        } else {
          v.putByteArray(at + i, s[i].getBytes(StandardCharsets.UTF_8));
        }
      }
    } else {
      throw new IllegalArgumentException("no column vector copy for " + type);
    }
  }

  /** Puts {@code count} fixed-length strings stored back to back in {@code bytes} (see {@link Hdf5Strings}). */
  static void putFixedStrings(WritableColumnVector v, StringData type, byte[] bytes, int count, String file,
                              String dataset) {
    for (int i = 0; i < count; i++) v.putByteArray(i, Hdf5Strings.fixed(type, bytes, i, file, dataset));
  }

  /** Puts {@code count} variable-length strings whose heap references are in {@code bytes} (see {@link Hdf5Strings}). */
  static void putVariableLengthStrings(WritableColumnVector v, VariableLength type, byte[] bytes, int count,
                                       HdfBackingStorage storage, Map<Long, GlobalHeap> heaps, String file,
                                       String dataset) {
    for (int i = 0; i < count; i++) {
      v.putByteArray(i, Hdf5Strings.variable(type, bytes, i, storage, heaps, file, dataset));
    }
  }

  /**
   * Puts {@code count} little-endian elements of {@code src}, from byte {@code srcIndex}, at
   * {@code at}: straight from a decoded HDF5 chunk, with no Java array in between. Returns false
   * for a type it does not copy this way (the caller then decodes through jHDF).
   */
  static boolean putLittleEndian(WritableColumnVector v, DataType type, int at, int count, byte[] src,
                                 int srcIndex) {
    if (type.equals(DataTypes.DoubleType)) {
      v.putDoublesLittleEndian(at, count, src, srcIndex);
    } else if (type.equals(DataTypes.LongType)) {
      v.putLongsLittleEndian(at, count, src, srcIndex);
    } else if (type.equals(DataTypes.IntegerType)) {
      v.putIntsLittleEndian(at, count, src, srcIndex);
    } else if (type.equals(DataTypes.FloatType)) {
      v.putFloatsLittleEndian(at, count, src, srcIndex);
    } else if (type.equals(DataTypes.ByteType)) {
      v.putBytes(at, count, src, srcIndex);
    } else {
      return false;
    }
    return true;
  }

  /** Sets an attribute value (or null) or the file path as the value of every row. */
  static void setConstant(ConstantColumnVector v, DataType type, Object value) {
    if (value == null) {
      v.setNull();
      return;
    }
    v.setNotNull();
    if (type.equals(DataTypes.DoubleType)) {
      v.setDouble(((Number) value).doubleValue());
    } else if (type.equals(DataTypes.LongType)) {
      v.setLong(((Number) value).longValue());
    } else if (type.equals(DataTypes.IntegerType)) {
      v.setInt(((Number) value).intValue());
    } else if (type.equals(DataTypes.FloatType)) {
      v.setFloat(((Number) value).floatValue());
    } else if (type.equals(DataTypes.ShortType)) {
      v.setShort(((Number) value).shortValue());
    } else if (type.equals(DataTypes.ByteType)) {
      v.setByte(((Number) value).byteValue());
    } else if (type.equals(Hdf5Types.UINT64)) {
      v.setDecimal(org.apache.spark.sql.types.Decimal.apply(new java.math.BigDecimal((java.math.BigInteger) value)), 20);
    } else if (type.equals(DataTypes.BooleanType)) {
      v.setBoolean("TRUE".equals(value) || Boolean.TRUE.equals(value));
    } else if (type.equals(DataTypes.StringType)) {
      v.setUtf8String(UTF8String.fromString(value.toString()));
    } else {
      throw new IllegalArgumentException("no constant column for " + type);
    }
  }
}
