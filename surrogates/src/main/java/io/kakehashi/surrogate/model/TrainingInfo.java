package io.kakehashi.surrogate.model;

import io.kakehashi.surrogate.metrics.Evaluation;
import java.util.List;
import java.util.Optional;

/**
 * What a model was trained on and how well it did: the config, the fingerprint of the training
 * rows (see {@link io.kakehashi.surrogate.data.Fingerprint}), row counts, each member's report and
 * the evaluation on the held-out validation rows (absent when there were none).
 */
public record TrainingInfo(EnsembleConfig config, String dataFingerprint, long trainingRows, int validationRows,
    List<MemberReport> members, Evaluation heldOut, double trainingSeconds) {
  public TrainingInfo {
    members = List.copyOf(members);
  }

  public Optional<Evaluation> heldOutEvaluation() {
    return Optional.ofNullable(heldOut);
  }
}
