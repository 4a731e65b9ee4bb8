package io.kakehashi.surrogate.model;

import io.kakehashi.surrogate.metrics.Evaluation;
import io.kakehashi.surrogate.metrics.SpreadCalibration;
import java.util.List;
import java.util.Optional;

/**
 * What a model was trained on and how well it did: the config, the fingerprint of the training
 * rows (see {@link io.kakehashi.surrogate.data.Fingerprint}), row counts, each member's report,
 * the evaluation on the held-out validation rows (absent when there were none) and the factors
 * on the ensemble's σ fitted on those rows (empty when there were none: σ is then unscaled). Both
 * are about the full prediction in the targets' units, a {@link LinearBaseline} included.
 */
public record TrainingInfo(EnsembleConfig config, String dataFingerprint, long trainingRows, int validationRows,
    List<MemberReport> members, Evaluation heldOut, List<SpreadCalibration> spread, double trainingSeconds) {
  public TrainingInfo {
    members = List.copyOf(members);
    // Model cards written before σ was calibrated have no such field.
    spread = spread == null ? List.of() : List.copyOf(spread);
  }

  /** What the members' standard deviation of {@code target} is multiplied by (1 when not calibrated). */
  public double spreadFactor(String target) {
    return spread.stream().filter(s -> s.target().equals(target)).mapToDouble(SpreadCalibration::factor)
        .findFirst().orElse(1.0);
  }

  public Optional<Evaluation> heldOutEvaluation() {
    return Optional.ofNullable(heldOut);
  }
}
