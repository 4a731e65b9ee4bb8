package io.kakehashi.surrogate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProportionTest {
  @Test
  void wilsonIntervalMatchesTheTextbookValues() {
    // 19 of 20 (Newcombe 1998, method 3): 0.7639-0.9911.
    Proportion p = new Proportion(19, 20);
    assertEquals(0.95, p.value(), 1e-12);
    assertEquals(0.7639, p.low(), 5e-5);
    assertEquals(0.9911, p.high(), 5e-5);
  }

  @Test
  void noHitsStillHasAnUpperBound() {
    // 0 of 286 false accepts: the rate may still be up to z^2 / (n + z^2), about 1.3%.
    Proportion p = new Proportion(0, 286);
    assertEquals(0.0, p.low(), 0);
    assertEquals(Proportion.Z95 * Proportion.Z95 / (286 + Proportion.Z95 * Proportion.Z95), p.high(), 1e-12);
    assertTrue(new Proportion(286, 286).low() < 1);
  }

  @Test
  void fractionsRoundToWholeHitsAndEmptySamplesSayNothing() {
    assertEquals(new Proportion(14, 17), Proportion.ofFraction(0.8235294, 17));
    assertTrue(Double.isNaN(new Proportion(0, 0).low()));
    assertThrows(IllegalArgumentException.class, () -> new Proportion(3, 2));
  }
}
