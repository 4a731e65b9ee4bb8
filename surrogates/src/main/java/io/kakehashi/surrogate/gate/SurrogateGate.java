package io.kakehashi.surrogate.gate;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

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
    Prediction p = model.predict(candidates);
    int n = candidates.rowCount();
    int[] outside = model.domain().firstViolation(candidates, policy.domainMargin());
    double[] distance = Double.isInfinite(policy.maxMahalanobis()) ? null
        : model.domain().mahalanobis(candidates, model.inputScaler());
    Decision[] decisions = new Decision[n];
    // Which target's spread failed the threshold, per uncertain row; reasons are worded on demand
    // (a million candidates screened would otherwise build a million strings nobody reads).
    int[] uncertainTarget = new int[n];
    List<Integer> confident = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (outside[r] >= 0 || (distance != null && !(distance[r] <= policy.maxMahalanobis()))) {
        decisions[r] = Decision.OUT_OF_DOMAIN;
        continue;
      }
      decisions[r] = Decision.ACCEPTED;
      for (int t = 0; t < thresholds.length; t++) {
        if (!(p.std(r, t) <= thresholds[t])) {
          decisions[r] = Decision.UNCERTAIN;
          uncertainTarget[r] = t;
          break;
        }
      }
      if (decisions[r] == Decision.ACCEPTED) confident.add(r);
    }
    int k = (int) Math.round(policy.verificationFraction() * confident.size());
    int[] order = Table.permutation(confident.size(), policy.seed());
    for (int i = 0; i < k; i++) decisions[confident.get(order[i])] = Decision.VERIFICATION;
    List<String> targets = model.targets();
    IntFunction<String> reasons = r -> switch (decisions[r]) {
      case OUT_OF_DOMAIN -> {
        if (outside[r] < 0) {
          yield "Mahalanobis distance " + distance[r] + " from the training rows > " + policy.maxMahalanobis();
        }
        String f = model.domain().features().get(outside[r]);
        yield f + "=" + candidates.get(f, r) + " outside trained [" + model.domain().min()[outside[r]] + ", "
            + model.domain().max()[outside[r]] + "]";
      }
      case UNCERTAIN -> {
        int t = uncertainTarget[r];
        yield "std of " + targets.get(t) + " " + p.std(r, t) + " > " + thresholds[t];
      }
      case VERIFICATION -> "verification sample";
      case ACCEPTED -> "";
    };
    return new GateResult(modelVersion, p, decisions, reasons);
  }
}
