/**
 * The {@code hdf5} Spark data source (DataSource V2, on jHDF):
 * {@code spark.read().format("hdf5").option(...).load(paths or globs)}.
 *
 * <p>The 1-D datasets of a group (at any depth) become columns, 2-D datasets fixed-length array
 * columns, scalar attributes of the file and its groups optional constant columns, and
 * {@code source_file} the path. Only the datasets a query selects are read; small files are
 * packed into partitions and large ones split into chunk-aligned row ranges; reads are columnar.
 * Values are those the reference library reads (fill values of storage never written, filter
 * masks, verified checksums: {@link io.kakehashi.hdf5.StoredRows}); the type mapping and what is
 * refused are in {@code runners/README.md}. Bad files fail the read naming file and dataset, or
 * with {@code mode=skip} are left out and reported by {@link io.kakehashi.hdf5.Hdf5Source#skippedFiles};
 * datasets with no column are reported by {@link io.kakehashi.hdf5.Hdf5Source#omittedDatasets}.
 * Options: {@link io.kakehashi.hdf5.Hdf5Options}.
 */
package io.kakehashi.hdf5;
