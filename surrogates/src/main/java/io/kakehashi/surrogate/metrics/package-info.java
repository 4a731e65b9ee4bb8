/**
 * How good a model is on held-out rows: point errors per target
 * ({@link io.kakehashi.surrogate.metrics.RegressionMetrics}), how well its σ describes its errors
 * ({@link io.kakehashi.surrogate.metrics.Calibration}) and the factor that makes it do so
 * ({@link io.kakehashi.surrogate.metrics.SpreadCalibration}), and the parity data the report plots.
 */
package io.kakehashi.surrogate.metrics;
