package io.kakehashi.slurm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same executor against Slurm 24.11 (Debian 13 in a chroot), whose slurmrestd speaks
 * v0.0.40-42: states as lists, numbers as {set, infinite, number}, environment as K=V lists.
 * Work dirs are under /tmp, which the chroot shares. The tests themselves are in
 * {@link ChrootSlurmTests}.
 */
@LocalSlurm.Version("24.11")
class Slurm2411Test extends ChrootSlurmTests {
  @Override
  ApiVersion newest() {
    return ApiVersion.V0_0_42;
  }

  @Override
  String release() {
    return "24.11";
  }

  @ParameterizedTest
  @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
  void runsASweepAndMapsExitCodesInEachDialect(String api, LocalSlurm.Cluster slurm) throws Exception {
    runsASweepAndMapsExitCodes(api, slurm);
  }
}
