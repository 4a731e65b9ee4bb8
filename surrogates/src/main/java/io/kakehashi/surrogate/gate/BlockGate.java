package io.kakehashi.surrogate.gate;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.Domain;
import io.kakehashi.surrogate.model.BlockPredictor;
import io.kakehashi.surrogate.model.Ensemble;
import java.util.Objects;

/**
 * The {@link SurrogateGate} over blocks of candidates, reusing its buffers from block to block:
 * for screening loops over millions of candidates (one per thread), and what
 * {@link SurrogateGate#screen} runs on. A block is column-major floats in original units, feature
 * c (in the model's schema order) of row r at {@code block[c * maxRows + r]}. Results of a block
 * stay readable until the next block.
 */
public final class BlockGate {
  private final SurrogateGate gate;
  private final Ensemble model;
  private final BlockPredictor predictor;
  private final int maxRows;
  private final int[] outside;
  private final double[] distance;
  private final Decision[] decisions;
  private final int[] confident;
  private int rows;

  BlockGate(SurrogateGate gate, Ensemble model, int maxRows) {
    this.gate = gate;
    this.model = model;
    this.predictor = model.predictor(maxRows);
    this.maxRows = maxRows;
    this.outside = new int[maxRows];
    this.distance = Double.isInfinite(gate.policy().maxMahalanobis()) ? null : new double[maxRows];
    this.decisions = new Decision[maxRows];
    this.confident = new int[maxRows];
  }

  public int maxRows() {
    return maxRows;
  }

  /** Rows of the last block. */
  public int rows() {
    return rows;
  }

  /** Predicts the first {@code rows} rows of {@code block} and decides for each. */
  public void screen(float[] block, int rows) {
    screen(block, rows, true);
  }

  /**
   * As {@link #screen(float[], int)}; without {@code sampleVerification} no row is marked for
   * verification, so that a caller screening a table in blocks can sample over the whole table.
   */
  void screen(float[] block, int rows, boolean sampleVerification) {
    predictor.predict(block, rows);
    this.rows = rows;
    GatePolicy policy = gate.policy();
    Domain domain = model.domain();
    domain.firstViolation(block, maxRows, rows, policy.domainMargin(), outside);
    if (distance != null) domain.mahalanobis(block, maxRows, rows, model.inputScaler(), distance);
    int targets = model.targets().size();
    int accepted = 0;
    for (int r = 0; r < rows; r++) {
      if (outside[r] >= 0 || (distance != null && !(distance[r] <= policy.maxMahalanobis()))) {
        decisions[r] = Decision.OUT_OF_DOMAIN;
        continue;
      }
      decisions[r] = Decision.ACCEPTED;
      for (int t = 0; t < targets; t++) {
        if (!(predictor.std(r, t) <= gate.threshold(t))) {
          decisions[r] = Decision.UNCERTAIN;
          break;
        }
      }
      if (decisions[r] == Decision.ACCEPTED) confident[accepted++] = r;
    }
    int k = sampleVerification ? (int) Math.round(policy.verificationFraction() * accepted) : 0;
    if (k > 0) {
      int[] order = Table.permutation(accepted, policy.seed());
      for (int i = 0; i < k; i++) decisions[confident[order[i]]] = Decision.VERIFICATION;
    }
  }

  public double mean(int row, int target) {
    return predictor.mean(checkRow(row), target);
  }

  public double std(int row, int target) {
    return predictor.std(checkRow(row), target);
  }

  public Decision decision(int row) {
    return decisions[checkRow(row)];
  }

  private int checkRow(int row) {
    return Objects.checkIndex(row, rows);
  }
}
