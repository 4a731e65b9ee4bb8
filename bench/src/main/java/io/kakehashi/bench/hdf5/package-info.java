/** HDF5 ingest throughput: the {@code hdf5} Spark source against h5py over the same files, many small ones and a few large. */
package io.kakehashi.bench.hdf5;
