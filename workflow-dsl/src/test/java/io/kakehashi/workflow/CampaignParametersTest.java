package io.kakehashi.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignParametersTest {
  private static final Map<String, String> DEFAULTS = Map.of("points", "9", "gate", "1.0", "hidden", "16,16",
      "mode", "fast", "seed", "42");

  private static String error(Map<String, String> given, java.util.function.Consumer<CampaignParameters> read) {
    return assertThrows(IllegalArgumentException.class, () -> read.accept(CampaignParameters.of(given, DEFAULTS)))
        .getMessage();
  }

  @Test
  void givenValuesOverDefaults() {
    CampaignParameters p = CampaignParameters.of(Map.of("points", " 12 "), DEFAULTS);
    assertEquals(12, p.positiveInt("points"));
    assertEquals(1.0, p.positiveNumber("gate"));
    assertArrayEquals(new int[] {16, 16}, p.positiveInts("hidden"));
    assertEquals("fast", p.choice("mode", "fast", "exact"));
    assertEquals(42L, p.anyLong("seed"));
  }

  @Test
  void everyBadValueNamesItsParameterAndTheValueAsTyped() {
    assertEquals("unknown parameter 'pionts' (did you mean 'points'?) (known: " + DEFAULTS.keySet() + ")",
        error(Map.of("pionts", "3"), p -> { }));
    assertEquals("parameter 'points': 99999999999 is out of range (it must be at least 1 and at most 2147483647)",
        error(Map.of("points", "99999999999"), p -> p.positiveInt("points")));
    assertEquals("parameter 'points': 0 is out of range (it must be at least 1 and at most 2147483647)",
        error(Map.of("points", "0"), p -> p.positiveInt("points")));
    assertEquals("parameter 'points': 'many' is not an integer", error(Map.of("points", "many"), p -> p.positiveInt("points")));
    assertEquals("parameter 'points': 2 is out of range (it must be between 3 and 100)",
        error(Map.of("points", "2"), p -> p.integer("points", 3, 100)));
    assertEquals("parameter 'gate': 'NaN' must be a finite number greater than 0",
        error(Map.of("gate", "NaN"), p -> p.positiveNumber("gate")));
    assertEquals("parameter 'gate': '-1' must be a finite number greater than 0",
        error(Map.of("gate", "-1"), p -> p.positiveNumber("gate")));
    assertEquals("parameter 'hidden': '16,0' is not a comma-separated list of whole numbers >= 1 such as 32,32",
        error(Map.of("hidden", "16,0"), p -> p.positiveInts("hidden")));
    assertEquals("parameter 'mode': 'exakt' is not one of [fast, exact] (did you mean 'exact'?)",
        error(Map.of("mode", "exakt"), p -> p.choice("mode", "fast", "exact")));
  }

  @Test
  void suggestionsOnlyForNearMisses() {
    assertEquals(" (did you mean 'executor'?)", DidYouMean.suggest("exectuor", java.util.List.of("executor", "work")));
    assertEquals("", DidYouMean.suggest("colour", java.util.List.of("executor", "work")));
  }

  @Test
  void declaredParametersAreCheckedBeforeTheCampaignReadsThemDefaultsIncluded() {
    java.util.List<Parameter> declared = java.util.List.of(
        Parameter.integer("points", 9, 3, 100, "points of the scan"),
        Parameter.choice("mode", "fast", java.util.List.of("fast", "exact"), "how"),
        Parameter.number("gate", 1.0, "tolerance"));
    CampaignParameters p = CampaignParameters.of(Map.of("mode", "exact"), declared);
    // Every effective value, in declaration order: what a run records.
    assertEquals(java.util.List.of("points", "mode", "gate"), java.util.List.copyOf(p.values().keySet()));
    assertEquals("exact", p.values().get("mode"));
    assertEquals(9, p.integer("points", 3, 100));
    // A bad value is reported at once, naming the parameter, whatever the campaign reads later.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CampaignParameters.of(Map.of("points", "2"), declared));
    assertEquals("parameter 'points': 2 is out of range (it must be between 3 and 100)", e.getMessage());
    assertEquals("3..100", declared.get(0).allowed());
    assertEquals("fast|exact", declared.get(1).allowed());
    // A declaration whose default is not allowed is the campaign author's bug, found at once.
    assertThrows(IllegalArgumentException.class, () -> Parameter.choice("mode", "slow", java.util.List.of("fast"), ""));
  }
}
