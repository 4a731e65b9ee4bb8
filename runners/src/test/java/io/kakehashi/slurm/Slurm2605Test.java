package io.kakehashi.slurm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same executor against Slurm 26.05 (Debian unstable in a chroot), whose slurmrestd serves
 * v0.0.42-45. Everything the client sends and reads is spelt as in v0.0.42, except that v0.0.45's
 * ping reports {@code responding} instead of {@code pinged}. The tests themselves are in
 * {@link ChrootSlurmTests}.
 */
@LocalSlurm.Version("26.05")
class Slurm2605Test extends ChrootSlurmTests {
  @Override
  ApiVersion newest() {
    return ApiVersion.V0_0_45;
  }

  @Override
  String release() {
    return "26.05";
  }

  @ParameterizedTest
  @ValueSource(strings = {"v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"})
  void runsASweepAndMapsExitCodesInEachDialect(String api, LocalSlurm.Cluster slurm) throws Exception {
    runsASweepAndMapsExitCodes(api, slurm);
  }
}
