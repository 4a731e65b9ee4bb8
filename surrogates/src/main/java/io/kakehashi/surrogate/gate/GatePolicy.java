package io.kakehashi.surrogate.gate;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * When a surrogate's prediction may replace a simulation.
 *
 * @param maxStd per target, the largest ensemble standard deviation (in the target's units) that
 *     counts as confident; every target of the model must be listed
 * @param domainMargin how far outside the training range a feature may lie, as a fraction of that
 *     range (0.05 widens [0, 1] to [-0.05, 1.05])
 * @param verificationFraction share of confident candidates simulated anyway, to keep checking the
 *     surrogate; rounded to a whole number of candidates
 * @param seed picks the verification sample
 * @param maxMahalanobis the largest Mahalanobis distance from the training rows (see
 *     {@link io.kakehashi.surrogate.feature.Domain#mahalanobis}) still inside the domain;
 *     infinity turns the distance test off
 */
public record GatePolicy(Map<String, Double> maxStd, double domainMargin, double verificationFraction, long seed,
    double maxMahalanobis) implements Serializable {
  public GatePolicy {
    maxStd = Map.copyOf(new TreeMap<>(maxStd));
    if (maxStd.isEmpty()) throw new IllegalArgumentException("a gate needs a standard-deviation threshold for each target");
    maxStd.forEach((t, s) -> {
      if (!(s >= 0)) throw new IllegalArgumentException("threshold of target '" + t + "' must be >= 0, got " + s);
    });
    if (!(domainMargin >= 0)) throw new IllegalArgumentException("domainMargin must be >= 0, got " + domainMargin);
    if (!(verificationFraction >= 0 && verificationFraction <= 1)) {
      throw new IllegalArgumentException("verificationFraction must be in [0, 1], got " + verificationFraction);
    }
    if (!(maxMahalanobis > 0)) throw new IllegalArgumentException("maxMahalanobis must be > 0, got " + maxMahalanobis);
  }

  /** A gate on one target, with a 5% domain margin, no distance test, no verification sample and seed 0. */
  public static GatePolicy of(String target, double maxStd) {
    return new GatePolicy(Map.of(target, maxStd), 0.05, 0, 0, Double.POSITIVE_INFINITY);
  }

  public GatePolicy withDomainMargin(double margin) {
    return new GatePolicy(maxStd, margin, verificationFraction, seed, maxMahalanobis);
  }

  public GatePolicy withVerification(double fraction, long seed) {
    return new GatePolicy(maxStd, domainMargin, fraction, seed, maxMahalanobis);
  }

  public GatePolicy withMaxMahalanobis(double distance) {
    return new GatePolicy(maxStd, domainMargin, verificationFraction, seed, distance);
  }
}
