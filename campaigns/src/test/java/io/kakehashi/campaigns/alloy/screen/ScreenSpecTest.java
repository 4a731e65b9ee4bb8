package io.kakehashi.campaigns.alloy.screen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.lammps.BatchSpec;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.workflow.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScreenSpecTest {
  private static final ScreenSpec DEFAULT = new ScreenSpec(AlloySystem.CU_NI, 4, 4, false, 20261123L, 1000, 10_000_000,
      1000, 10, List.of(0.25, 0.5, 0.75), 3, 20, 50);

  @Test
  void parametersKeepTheSpellingAndOrderEarlierRunsWereFingerprintedWith() {
    Map<String, Object> p = DEFAULT.toParams();
    assertEquals(List.of("system", "cells", "shells", "seed", "screen_first", "relaxed", "screen_count", "bins",
        "compositions", "top_k", "random_sample", "batch_size"), new ArrayList<>(p.keySet()));
    assertEquals("0.25,0.5,0.75", p.get("compositions"));
    assertEquals(1000L, p.get("screen_first"));
    assertEquals(10_000_000L, p.get("screen_count"));
  }

  @Test
  void readsBackWhatItWrites() {
    assertEquals(DEFAULT, ScreenSpec.fromParams(Params.of(DEFAULT.toParams())));
    ScreenSpec none = new ScreenSpec(AlloySystem.CU_NI, 4, 4, false, 1, 10, 100, 10, 2, List.of(), 1, 0, 5);
    assertEquals(none, ScreenSpec.fromParams(Params.of(none.toParams())));
  }

  @Test
  void histogramDescriptorsAreAParameterOnlyWhenAskedFor() {
    ScreenSpec withHistograms = new ScreenSpec(AlloySystem.CU_NI, 4, 4, true, 1, 10, 100, 10, 2, List.of(), 1, 0, 5);
    Map<String, Object> p = withHistograms.toParams();
    assertEquals(true, p.get("histograms"));
    assertEquals(withHistograms, ScreenSpec.fromParams(Params.of(p)));
    assertEquals(61, withHistograms.descriptors().size());
    assertEquals(21, DEFAULT.descriptors().size());
    // ...and the verification batches relax and describe their candidates the same way.
    assertTrue(withHistograms.verificationBatches(new long[] {3}).get(0).histograms());
    assertEquals(61, withHistograms.verificationBatches(new long[] {3}).get(0).descriptors().size());
  }

  @Test
  void exactCompositionsBecomeAtomCountsOnce() {
    assertArrayEquals(new int[] {64, 128, 192}, DEFAULT.compositionCounts());
    ScreenSpec twice = new ScreenSpec(AlloySystem.CU_NI, 4, 4, false, 1, 0, 10, 0, 1, List.of(0.5, 0.5001), 1, 0, 5);
    assertArrayEquals(new int[] {128}, twice.compositionCounts());
  }

  @Test
  void picksAreCutIntoVerificationBatchesOfTheConfiguredSize() {
    ScreenSpec spec = new ScreenSpec(AlloySystem.CU_NI, 4, 4, false, 7, 0, 10, 0, 1, List.of(), 1, 0, 2);
    List<BatchSpec> batches = spec.verificationBatches(new long[] {3, 9, 11, 40, 41});
    assertEquals(3, batches.size());
    assertArrayEquals(new long[] {3, 9}, batches.get(0).ids());
    assertArrayEquals(new long[] {41}, batches.get(2).ids());
    assertEquals(7, batches.get(0).seed());
  }

  @Test
  void badParametersAreNamed() {
    Map<String, Object> p = new LinkedHashMap<>(DEFAULT.toParams());
    p.put("screen_count", 0L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScreenSpec.fromParams(Params.of(p)));
    assertTrue(e.getMessage().contains("'screen_count'"), e.getMessage());
    p.put("screen_count", 10L);
    p.put("compositions", "0.25,half");
    e = assertThrows(IllegalArgumentException.class, () -> ScreenSpec.fromParams(Params.of(p)));
    assertTrue(e.getMessage().contains("'compositions'") && e.getMessage().contains("half"), e.getMessage());
    p.put("compositions", "1.5");
    e = assertThrows(IllegalArgumentException.class, () -> ScreenSpec.fromParams(Params.of(p)));
    assertTrue(e.getMessage().contains("'compositions'"), e.getMessage());
  }
}
