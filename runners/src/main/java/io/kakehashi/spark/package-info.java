/**
 * Spark inside Kakehashi: {@link io.kakehashi.spark.SparkSessions}, the JVM's one session
 * (embedded unless a master is configured), and {@link io.kakehashi.spark.Ingest}, the workflow
 * step that turns the HDF5 outputs of a swept step into one Parquet table.
 */
package io.kakehashi.spark;
