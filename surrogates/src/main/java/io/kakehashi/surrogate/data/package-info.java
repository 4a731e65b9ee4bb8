/**
 * The rows surrogates learn from and screen: {@link io.kakehashi.surrogate.data.Table}, an
 * immutable in-memory table of named {@code double} columns, and
 * {@link io.kakehashi.surrogate.data.BatchSource}, rows in batches for training that never holds
 * the whole data set. Rows are identified by content ({@link io.kakehashi.surrogate.data.RowHash},
 * {@link io.kakehashi.surrogate.data.Fingerprint}), so splits, resamples and a model's record of its
 * training data do not depend on the order rows arrive in. CSV files are read and written in one
 * dialect ({@link io.kakehashi.surrogate.data.Csv}, {@link io.kakehashi.surrogate.data.CsvTables}).
 */
package io.kakehashi.surrogate.data;
