package io.kakehashi.hdf5;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Takes the columns a query needs; the scan then reads only their datasets. */
final class Hdf5ScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {
  private final Hdf5Table table;
  private StructType required;

  Hdf5ScanBuilder(Hdf5Table table) {
    this.table = table;
    this.required = table.schema();
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    // Keep the table's own fields: they carry where each column comes from.
    StructType full = table.schema();
    this.required = new StructType(Arrays.stream(requiredSchema.fieldNames())
        .map(n -> full.fields()[full.fieldIndex(n)]).toArray(StructField[]::new));
  }

  @Override
  public Scan build() {
    List<Column> columns = Arrays.stream(table.schema().fields()).map(Column::fromField).toList();
    List<Column> req = Arrays.stream(required.fields()).map(Column::fromField).toList();
    return new Hdf5Scan(table, columns, req, required);
  }
}
