package io.kakehashi.hdf5;

import java.io.Serializable;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

/**
 * Where one column of the table comes from. The schema carries it in each field's metadata, so
 * a pruned schema is all a reader needs.
 *
 * @param name the column name; for datasets, the dataset's path relative to the group
 * @param kind dataset, attribute or the file's path
 * @param type the element type
 * @param width {@link #SCALAR} for a 1-D dataset, an attribute or the path; the second dimension
 *     of a 2-D dataset (0 included: an (N, 0) dataset is a column of empty arrays); {@link #ANY_WIDTH}
 *     for an array column of a user-given schema, whose width each file gives
 */
record Column(String name, Kind kind, DataType type, int width) implements Serializable {
  enum Kind { DATASET, ATTRIBUTE, SOURCE_FILE }

  static final int SCALAR = -1;
  static final int ANY_WIDTH = -2;
  static final String SOURCE_FILE = "source_file";
  private static final String KIND_KEY = "hdf5.kind";
  private static final String WIDTH_KEY = "hdf5.width";

  static Column sourceFile() {
    return new Column(SOURCE_FILE, Kind.SOURCE_FILE, DataTypes.StringType, SCALAR);
  }

  StructField toField() {
    Metadata meta = new MetadataBuilder().putString(KIND_KEY, kind.name()).putLong(WIDTH_KEY, width).build();
    DataType fieldType = isArray() ? DataTypes.createArrayType(type, false) : type;
    // Attributes may be missing from a file; datasets and the path never are.
    return new StructField(name, fieldType, kind == Kind.ATTRIBUTE, meta);
  }

  /** Reads a field back; a field of a user-given schema without our metadata is a 1-D dataset (or the path). */
  static Column fromField(StructField f) {
    Metadata m = f.metadata();
    Kind kind = m.contains(KIND_KEY) ? Kind.valueOf(m.getString(KIND_KEY))
        : f.name().equals(SOURCE_FILE) ? Kind.SOURCE_FILE : Kind.DATASET;
    DataType type = f.dataType();
    int width = SCALAR;
    if (type instanceof ArrayType a) {
      type = a.elementType();
      width = m.contains(WIDTH_KEY) ? Math.toIntExact(m.getLong(WIDTH_KEY)) : ANY_WIDTH; // else taken from the file
    }
    return new Column(f.name(), kind, type, width);
  }

  /** Whether the column holds an array per row (a 2-D dataset). */
  boolean isArray() {
    return width != SCALAR;
  }

  String describe() {
    return Hdf5Types.describe(type, width);
  }
}
