package io.kakehashi.hdf5;

import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Copies the Java arrays that jHDF returns into Spark's column vectors, in bulk where Spark allows. */
final class VectorFill {
  private VectorFill() {}

  /** Puts {@code n} rows of a 1-D dataset slice ({@code byte[]}, {@code double[]}, {@code String[]}...). */
  static void putColumn(WritableColumnVector v, DataType type, Object data, int n) {
    putElements(v, type, 0, data, n);
  }

  /** Puts {@code n} rows of a 2-D dataset slice, flattened ({@code byte[n * width]}...), as fixed-length arrays. */
  static void putArrays(WritableColumnVector v, DataType type, Object flat, int n, int width) {
    WritableColumnVector child = v.arrayData();
    child.reserve(n * width);
    putElements(child, type, 0, flat, n * width);
    for (int i = 0; i < n; i++) v.putArray(i, i * width, width);
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

  /** Puts the same attribute value (or null) in rows {@code [0, n)}. */
  static void putConstant(WritableColumnVector v, DataType type, Object value, int n) {
    if (value == null) {
      v.putNulls(0, n);
    } else if (type.equals(DataTypes.DoubleType)) {
      v.putDoubles(0, n, ((Number) value).doubleValue());
    } else if (type.equals(DataTypes.LongType)) {
      v.putLongs(0, n, ((Number) value).longValue());
    } else if (type.equals(DataTypes.IntegerType)) {
      v.putInts(0, n, ((Number) value).intValue());
    } else if (type.equals(DataTypes.FloatType)) {
      v.putFloats(0, n, ((Number) value).floatValue());
    } else if (type.equals(DataTypes.ShortType)) {
      v.putShorts(0, n, ((Number) value).shortValue());
    } else if (type.equals(DataTypes.ByteType)) {
      v.putBytes(0, n, ((Number) value).byteValue());
    } else if (type.equals(DataTypes.BooleanType)) {
      v.putBooleans(0, n, "TRUE".equals(value) || Boolean.TRUE.equals(value));
    } else if (type.equals(DataTypes.StringType)) {
      byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < n; i++) v.putByteArray(i, bytes);
    } else {
      throw new IllegalArgumentException("no column vector copy for " + type);
    }
  }
}
