package io.kakehashi.surrogate.model;

import java.util.Objects;

/**
 * A deep ensemble: {@code members} networks of the same shape, each with its own seed (member i
 * uses {@link #memberSeed(int)}), optionally each on its own bootstrap resample of the training
 * rows. Their spread is the model's uncertainty.
 */
public record EnsembleConfig(MlpConfig mlp, int members, boolean bootstrap) {
  public EnsembleConfig {
    Objects.requireNonNull(mlp, "mlp");
    if (members <= 0) throw new IllegalArgumentException("an ensemble needs at least one member, got " + members);
  }

  public static EnsembleConfig of(MlpConfig mlp, int members) {
    return new EnsembleConfig(mlp, members, false);
  }

  public EnsembleConfig withBootstrap(boolean on) {
    return new EnsembleConfig(mlp, members, on);
  }

  /** The seed of member {@code i}: distinct per member, fixed by the config's seed. */
  public long memberSeed(int i) {
    return mlp.seed() + 7919L * i;
  }
}
