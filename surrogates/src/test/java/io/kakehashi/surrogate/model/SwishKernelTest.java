package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class SwishKernelTest {
  private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;

  @Test
  void siluMatchesItsDefinitionFromUnderflowToOverflow() {
    // Past +-87 the exponential is clamped: the result is then v (large v) or a value below 1e-35 (large -v).
    for (double v = -120; v <= 120; v += 0.0137) {
      float x = (float) v;
      double expected = x / (1 + Math.exp(-x));
      assertEquals(expected, silu(x), 5e-7 * Math.abs(expected) + 1e-30, "silu(" + x + ")");
    }
  }

  @Test
  void notANumberStaysNotANumber() {
    assertTrue(Float.isNaN(silu(Float.NaN)));
    assertEquals(Float.POSITIVE_INFINITY, silu(Float.POSITIVE_INFINITY));
  }

  private static float silu(float x) {
    return SwishKernel.silu(FloatVector.broadcast(LANES, x)).lane(0);
  }
}
