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
  /** Rows per block when a table is screened: enough for the kernels, small enough for the caches. */
  private static final int BLOCK_ROWS = 4096;

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

  /**
   * Predicts every candidate, block by block, and decides for each; the verification sample is
   * drawn over the whole table.
   */
  public GateResult screen(Table candidates) {
    model.schema().requireIn(candidates);
    int n = candidates.rowCount();
    int t = model.targets().size();
    int chunk = Math.max(1, Math.min(n, BLOCK_ROWS));
    float[] block = new float[model.schema().size() * chunk];
    BlockGate gate = blocks(chunk);
    double[] mean = new double[n * t];
    double[] std = new double[n * t];
    Decision[] decisions = new Decision[n];
    int[] accepted = new int[n];
    int count = 0;
    for (int from = 0; from < n; from += chunk) {
      int rows = Math.min(chunk, n - from);
      candidates.copyColumnMajor(model.schema().names(), from, from + rows, block, chunk);
      gate.screen(block, rows, false);
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < t; j++) {
          mean[(from + r) * t + j] = gate.mean(r, j);
          std[(from + r) * t + j] = gate.std(r, j);
        }
        decisions[from + r] = gate.decision(r);
        if (decisions[from + r] == Decision.ACCEPTED) accepted[count++] = from + r;
      }
    }
    int k = (int) Math.round(policy.verificationFraction() * count);
    int[] order = Table.permutation(count, policy.seed());
    for (int i = 0; i < k; i++) decisions[accepted[order[i]]] = Decision.VERIFICATION;
    // Reasons are worded on demand: a million candidates screened would otherwise build a million
    // strings nobody reads.
    return new GateResult(modelVersion, new Prediction(model.targets(), n, mean, std), decisions,
        r -> reason(candidates, r, decisions[r], std));
  }

  /** Why row {@code row} of {@code candidates} got {@code decision}, with the values that decided it. */
  private String reason(Table candidates, int row, Decision decision, double[] std) {
    int targets = model.targets().size();
    return switch (decision) {
      case OUT_OF_DOMAIN -> {
        float[] one = new float[model.schema().size()];
        candidates.copyColumnMajor(model.schema().names(), row, row + 1, one, 1);
        int[] first = new int[1];
        model.domain().firstViolation(one, 1, 1, policy.domainMargin(), first);
        if (first[0] < 0) {
          double[] distance = new double[1];
          model.domain().mahalanobis(one, 1, 1, model.inputScaler(), distance);
          yield "Mahalanobis distance " + distance[0] + " from the training rows > " + policy.maxMahalanobis();
        }
        String f = model.domain().features().get(first[0]);
        yield f + "=" + candidates.get(f, row) + " outside trained [" + model.domain().min()[first[0]] + ", "
            + model.domain().max()[first[0]] + "]";
      }
      case UNCERTAIN -> {
        int t = 0;
        while (t < targets - 1 && std[row * targets + t] <= thresholds[t]) t++;
        yield "std of " + model.targets().get(t) + " " + std[row * targets + t] + " > " + thresholds[t];
      }
      case VERIFICATION -> "verification sample";
      case ACCEPTED -> "";
    };
  }

  /** A gate for blocks of up to {@code maxRows} candidates that keeps its buffers: one per screening thread. */
  public BlockGate blocks(int maxRows) {
    return new BlockGate(this, model, maxRows);
  }

  double threshold(int target) {
    return thresholds[target];
  }
}
