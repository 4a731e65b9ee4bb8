package io.kakehashi.surrogate.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Objects;

/**
 * A deep ensemble: {@code members} networks of the same shape, each with its own seed (member i
 * uses {@link #memberSeed(int)}), optionally each on its own bootstrap resample of the training
 * rows. Their spread is the model's uncertainty.
 *
 * @param linearBaselineRidge above 0, the members learn what a {@link LinearBaseline} (a ridge
 *     regression of each target on the standardized features, with this ridge relative to their
 *     unit variance) leaves of the target, and the ensemble adds the baseline back; 0, the
 *     default, fits none. Written only when set, so that cards of models without a baseline read
 *     as before, also by builds that predate the option.
 */
public record EnsembleConfig(MlpConfig mlp, int members, boolean bootstrap,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) double linearBaselineRidge) implements Serializable {
  public EnsembleConfig {
    Objects.requireNonNull(mlp, "mlp");
    if (members <= 0) throw new IllegalArgumentException("an ensemble needs at least one member, got " + members);
    if (!(linearBaselineRidge >= 0 && linearBaselineRidge < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("linearBaselineRidge must be >= 0 (0: no baseline), got " + linearBaselineRidge);
    }
  }

  public static EnsembleConfig of(MlpConfig mlp, int members) {
    return new EnsembleConfig(mlp, members, false, 0);
  }

  /** The same ensemble with each member built and trained as {@code mlp} says. */
  public EnsembleConfig withMlp(MlpConfig mlp) {
    return new EnsembleConfig(mlp, members, bootstrap, linearBaselineRidge);
  }

  public EnsembleConfig withBootstrap(boolean on) {
    return new EnsembleConfig(mlp, members, on, linearBaselineRidge);
  }

  /**
   * The members learn the residual over a linear baseline: for targets that are mostly linear in
   * the features, such as an alloy's mixing energy in cluster-expansion-like descriptors, the
   * members then spend their capacity on the part that is not, instead of on a range hundreds of
   * times wider than that part. {@code ridge} (relative to the standardized features' unit
   * variance) must be above 0, because exactly dependent features (pair fractions that sum to
   * one) leave the least-squares system singular; 1e-6 leaves every other direction as it was.
   */
  public EnsembleConfig withLinearBaseline(double ridge) {
    if (!(ridge > 0)) {
      throw new IllegalArgumentException("linearBaselineRidge must be > 0 (dependent features leave X'X singular), got "
          + ridge);
    }
    return new EnsembleConfig(mlp, members, bootstrap, ridge);
  }

  public boolean hasLinearBaseline() {
    return linearBaselineRidge > 0;
  }

  /** The seed of member {@code i}: distinct per member, fixed by the config's seed. */
  public long memberSeed(int i) {
    return mlp.seed() + 7919L * i;
  }

  /**
   * The record's form, naming the baseline only when there is one: this string is part of cache
   * fingerprints (the alloy campaign's surrogate version), which must not change for configs
   * that do not use the option.
   */
  @Override
  public String toString() {
    return "EnsembleConfig[mlp=" + mlp + ", members=" + members + ", bootstrap=" + bootstrap
        + (hasLinearBaseline() ? ", linearBaselineRidge=" + linearBaselineRidge : "") + "]";
  }
}
