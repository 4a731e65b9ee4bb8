package io.kakehashi.examples.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.event.RunState;
import io.kakehashi.local.LocalExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatticeScanTest {
  @TempDir Path dir;

  @Test
  void findsCopperLatticeConstantWithRealLammpsOverMpi() {
    try (var f = TestEngines.create(dir, LocalExecutor.onThisMachine())) {
      RunOutcome out = f.engine().run(new LatticeScan().define(Map.of("points", "5", "ranks", "2")), "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      double a0 = ((Number) f.store().values(out.runId(), "fit").get(0).get("a0")).doubleValue();
      assertEquals(3.615, a0, 0.01, "Cu equilibrium lattice constant with CuNi.eam.alloy");
    }
  }

  @Test
  void aPotentialOrElementThatWouldBeLammpsSyntaxIsRefusedNamingTheParameter() {
    Path pwned = dir.resolve("pwned");
    String injected = "/usr/share/lammps/potentials/CuNi.eam.alloy Cu Ni\nshell touch " + pwned + "\n#";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LatticeScan().define(Map.of("potential", injected)));
    assertTrue(e.getMessage().startsWith("parameter 'potential': "), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new LatticeScan().define(Map.of("elements", "Cu,Ni shell"))).getMessage().startsWith("parameter 'elements'"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new LatticeScan().define(Map.of("points", "2"))).getMessage().startsWith("parameter 'points'"));
    assertFalse(Files.exists(pwned));
  }

  @Test
  void theScriptNamesOnlyCheckedWords() {
    assertTrue(LatticeScan.script("/p/NiAl.eam.alloy", List.of("Ni", "Al"))
        .contains("\ncreate_box 2 box\n") );
    assertTrue(LatticeScan.script("/p/NiAl.eam.alloy", List.of("Ni", "Al")).contains("pair_coeff * * /p/NiAl.eam.alloy Ni Al\n"));
  }

  @Test
  void parabolaFitRecoversKnownCoefficients() {
    double[] x = {0, 1, 2, 3};
    double[] y = new double[4];
    for (int i = 0; i < 4; i++) y[i] = 1 - 2 * x[i] + 0.5 * x[i] * x[i];
    double[] c = Parabola.fit(x, y);
    assertEquals(1, c[0], 1e-9);
    assertEquals(-2, c[1], 1e-9);
    assertEquals(0.5, c[2], 1e-9);
  }
}
