package io.kakehashi.surrogate.model;

/**
 * How one ensemble member's training went: epochs run, the epoch whose weights were kept, and that
 * epoch's validation loss (mean squared error on standardized targets, or on the standardized
 * residuals over the ensemble's {@link LinearBaseline} when it has one; NaN without a validation
 * split).
 */
public record MemberReport(int index, long seed, int epochs, int bestEpoch, double bestValidationLoss) {}
