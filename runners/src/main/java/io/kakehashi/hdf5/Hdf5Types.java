package io.kakehashi.hdf5;

import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** How HDF5 element types map to Spark types. */
final class Hdf5Types {
  private Hdf5Types() {}

  /**
   * The Spark type of an HDF5 element type, or null when it has none. Unsigned integers widen
   * (as jHDF reads them); an enum {FALSE, TRUE}, which is how h5py stores numpy bools, is boolean.
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
        default -> null; // uint64 has no lossless Spark integer type
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
    if (t instanceof EnumDataType e && isBoolean(e.getEnumMapping())) return DataTypes.BooleanType;
    return null;
  }

  private static boolean isBoolean(Map<Integer, String> mapping) {
    return mapping.size() == 2 && "FALSE".equals(mapping.get(0)) && "TRUE".equals(mapping.get(1));
  }

  /** A short name for messages: the Spark type, with the width of array columns. */
  static String describe(DataType type, int width) {
    return width > 0 ? "array<" + type.simpleString() + ">[" + width + "]" : type.simpleString();
  }
}
