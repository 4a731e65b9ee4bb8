/**
 * Spark inside Kakehashi: {@link io.kakehashi.spark.SparkSessions}, the JVM's one session
 * (embedded unless a master is configured), and {@link io.kakehashi.spark.Ingest}, the workflow
 * step that turns the HDF5 outputs of a swept step into one Parquet table;
 * {@link io.kakehashi.spark.SparkDoctor} checks a standalone master ({@code scripts/spark-local.sh}
 * starts one on loopback).
 */
package io.kakehashi.spark;
