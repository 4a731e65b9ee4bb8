package io.kakehashi.surrogate.gate;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.Prediction;
import java.util.List;
import java.util.Objects;

/**
 * Decides, candidate by candidate, whether an ensemble's prediction can stand in for the
 * simulation. A prediction is accepted when every target's ensemble spread is within the
 * policy's threshold, every feature lies inside the training range (plus margin) and, if the
 * policy asks, the candidate is within a Mahalanobis distance of the training rows; everything
 * else is simulated, and so is a seeded sample of the accepted ones, for verification.
 *
 * <p>Both tests are needed: an ensemble can agree with itself far from its data (saturated
 * activations extrapolate flat), and a range check alone says nothing about hard regions inside.
 */
public final class SurrogateGate {
  private final Ensemble model;
  private final String modelVersion;
  private final GatePolicy policy;
  private final double[] thresholds;

  /**
   * @param modelVersion how the model is named in provenance, e.g. {@code alloy-mix@v3}
   * @throws IllegalArgumentException if the policy lacks a threshold for a target of the model
   */
  public SurrogateGate(Ensemble model, String modelVersion, GatePolicy policy) {
    this.model = Objects.requireNonNull(model, "model");
    this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
    this.policy = Objects.requireNonNull(policy, "policy");
    List<String> targets = model.targets();
    thresholds = new double[targets.size()];
    for (int t = 0; t < thresholds.length; t++) {
      Double s = policy.maxStd().get(targets.get(t));
      if (s == null) {
        throw new IllegalArgumentException("gate policy has no threshold for target '" + targets.get(t)
            + "' (has " + policy.maxStd().keySet() + ")");
      }
      thresholds[t] = s;
    }
    for (String t : policy.maxStd().keySet()) {
      if (!targets.contains(t)) throw new IllegalArgumentException("gate policy names target '" + t
          + "', model " + modelVersion + " predicts " + targets);
    }
  }

  public GatePolicy policy() {
    return policy;
  }

  /** Predicts every candidate in one batched pass and decides for each. */
  public GateResult screen(Table candidates) {
    model.schema().requireIn(candidates);
    int n = candidates.rowCount();
    int stride = Math.max(1, n);
    float[] block = new float[model.schema().size() * stride];
    candidates.copyColumnMajor(model.schema().names(), 0, n, block, stride);
    BlockGate gate = blocks(stride);
    gate.screen(block, n);
    int t = model.targets().size();
    double[] mean = new double[n * t];
    double[] std = new double[n * t];
    Decision[] decisions = new Decision[n];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < t; j++) {
        mean[r * t + j] = gate.mean(r, j);
        std[r * t + j] = gate.std(r, j);
      }
      decisions[r] = gate.decision(r);
    }
    // Reasons are worded on demand: a million candidates screened would otherwise build a million
    // strings nobody reads.
    return new GateResult(modelVersion, new Prediction(model.targets(), n, mean, std), decisions,
        r -> gate.reason(r, block));
  }

  /** A gate for blocks of up to {@code maxRows} candidates that keeps its buffers: one per screening thread. */
  public BlockGate blocks(int maxRows) {
    return new BlockGate(this, model, maxRows);
  }

  double threshold(int target) {
    return thresholds[target];
  }
}
