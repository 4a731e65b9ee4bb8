package io.kakehashi.campaigns.alloy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.gate.GatePolicy;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.MlpConfig;
import org.junit.jupiter.api.Test;

class EnsembleSurrogateTest {
  @Test
  void defaultsLearnTheResidualOverALinearBaselineAndTheirVersionSaysSo() {
    // The version is part of the cache fingerprint of every step that uses the model: models
    // trained before the baseline was on are not taken for ones trained with it.
    String version = EnsembleSurrogate.defaults(5, 400, 1.0, 16, 16).version();
    assertTrue(version.contains("linearBaselineRidge=" + EnsembleSurrogate.LINEAR_BASELINE_RIDGE), version);

    String without = new EnsembleSurrogate(EnsembleConfig.of(MlpConfig.builder().build(), 5),
        GatePolicy.of(EnsembleSurrogate.TARGET, 1e-4)).version();
    assertFalse(without.contains("linearBaseline"), without);
  }
}
