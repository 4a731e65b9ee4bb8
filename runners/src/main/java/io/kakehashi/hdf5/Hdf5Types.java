package io.kakehashi.hdf5;

import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** How HDF5 element types map to Spark types. */
final class Hdf5Types {
  private Hdf5Types() {}

  /** uint64 in full: Spark has no unsigned long, and a long would wrap values over 2^63 - 1. */
  static final DataType UINT64 = DataTypes.createDecimalType(20, 0);

  /**
   * The Spark type of an HDF5 element type, or null when it has none. Unsigned integers widen
   * (uint64 to {@code decimal(20,0)}); an enum {FALSE, TRUE}, which is how h5py stores numpy
   * bools, is boolean; any other enum is the string of its member names.
   */
  static DataType sparkType(io.jhdf.object.datatype.DataType t) {
    if (t instanceof FixedPoint p) {
      int bits = p.getBitPrecision();
      if (p.isSigned()) {
        return switch (bits) {
          case 8 -> DataTypes.ByteType;
          case 16 -> DataTypes.ShortType;
          case 32 -> DataTypes.IntegerType;
          case 64 -> DataTypes.LongType;
          default -> null;
        };
      }
      return switch (bits) {
        case 8, 16 -> DataTypes.IntegerType;
        case 32 -> DataTypes.LongType;
        case 64 -> UINT64;
        default -> null;
      };
    }
    if (t instanceof FloatingPoint f) {
      return switch (f.getSize()) {
        case 2, 4 -> DataTypes.FloatType;
        case 8 -> DataTypes.DoubleType;
        default -> null;
      };
    }
    if (t instanceof StringData) return DataTypes.StringType;
    if (t instanceof VariableLength v && v.isVariableLengthString()) return DataTypes.StringType;
    if (t instanceof EnumDataType e) return isBoolean(e.getEnumMapping()) ? DataTypes.BooleanType : DataTypes.StringType;
    return null;
  }

  private static boolean isBoolean(Map<Integer, String> mapping) {
    return mapping.size() == 2 && "FALSE".equals(mapping.get(0)) && "TRUE".equals(mapping.get(1));
  }

  /**
   * Whether elements of {@code t} are stored exactly as {@code sparkType}'s little-endian bytes
   * (signed integers of the same width, IEEE floats of the same width), so that they can be
   * copied without decoding.
   */
  static boolean isLittleEndianPrimitive(io.jhdf.object.datatype.DataType t, DataType sparkType) {
    int size;
    if (t instanceof FixedPoint p && p.isSigned() && p.getByteOrder() == ByteOrder.LITTLE_ENDIAN) {
      size = p.getSize();
    } else if (t instanceof FloatingPoint f && f.getByteOrder() == ByteOrder.LITTLE_ENDIAN) {
      size = f.getSize();
      if (size == 2) return false; // half floats widen
    } else {
      return false;
    }
    return sparkType.defaultSize() == size && !sparkType.equals(DataTypes.ShortType);
  }

  /** A short name for messages: the Spark type, with the width of array columns. */
  static String describe(DataType type, int width) {
    if (width == Column.SCALAR) return type.simpleString();
    return "array<" + type.simpleString() + ">" + (width == Column.ANY_WIDTH ? "" : "[" + width + "]");
  }
}
