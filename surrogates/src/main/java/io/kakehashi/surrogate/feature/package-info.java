/**
 * What a model reads and where it may be trusted: the typed, ordered
 * {@link io.kakehashi.surrogate.feature.FeatureSchema} checked at inference, the
 * {@link io.kakehashi.surrogate.feature.Standardizer} fitted on training rows only (from streaming
 * {@link io.kakehashi.surrogate.feature.ColumnStats}), and the training
 * {@link io.kakehashi.surrogate.feature.Domain}: a box of feature ranges and a Mahalanobis distance
 * from the training rows.
 */
package io.kakehashi.surrogate.feature;
