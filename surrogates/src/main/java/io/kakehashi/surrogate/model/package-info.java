/**
 * Deep ensembles on DL4J: {@link io.kakehashi.surrogate.model.EnsembleTrainer} trains
 * {@link io.kakehashi.surrogate.model.EnsembleConfig members} of one
 * {@link io.kakehashi.surrogate.model.MlpConfig multilayer perceptron} in streaming passes, and the
 * resulting {@link io.kakehashi.surrogate.model.Ensemble} predicts a mean and a calibrated σ per row
 * and target ({@link io.kakehashi.surrogate.model.Prediction}).
 *
 * <p>Optionally ({@link io.kakehashi.surrogate.model.EnsembleConfig#withLinearBaseline}) the
 * members learn the residual over a {@link io.kakehashi.surrogate.model.LinearBaseline}, a ridge
 * regression fitted in the same first pass, and the mean adds it back. Use it when most of the
 * target is linear in the features, as an alloy's mixing energy is in cluster-expansion-like
 * descriptors: small members that fit the whole standardized target are imprecise on a range
 * hundreds of times wider than what is not linear, and over the baseline they spend their
 * capacity on that part alone. σ stays the members' spread: the baseline is deterministic.
 *
 * <p>Inference does not go through DL4J's layers: the trained weights are read once and applied
 * with plain GEMM calls into reused buffers ({@code DenseStack},
 * {@link io.kakehashi.surrogate.model.BlockPredictor}), or, for small members, one row per SIMD
 * lane ({@code VectorMlp}, {@code SwishKernel}), so that screening millions of candidates is bound
 * by arithmetic, not allocation.
 */
package io.kakehashi.surrogate.model;
