package io.kakehashi.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTest {
  @Test
  void gridIsTheCartesianProductFirstAxisSlowest() {
    Map<String, List<?>> axes = new LinkedHashMap<>();
    axes.put("x", List.of(1, 2));
    axes.put("element", List.of("Cu", "Ni", "Al"));
    List<Params> points = Sweep.grid(axes).points();
    assertEquals(6, points.size());
    assertEquals(Map.of("x", 1, "element", "Cu"), points.get(0).values());
    assertEquals(Map.of("x", 1, "element", "Ni"), points.get(1).values());
    assertEquals(Map.of("x", 2, "element", "Al"), points.get(5).values());
  }

  @Test
  void latinHypercubePutsOnePointInEveryStratumOfEveryAxis() {
    int n = 50;
    List<Params> points = Sweep.latinHypercube(7, n, Map.of(
        "t", new Sweep.Range(300, 800), "x", new Sweep.Range(0, 1))).points();
    assertEquals(n, points.size());
    for (String axis : List.of("t", "x")) {
      double min = axis.equals("t") ? 300 : 0;
      double width = axis.equals("t") ? 500 : 1;
      boolean[] seen = new boolean[n];
      for (Params p : points) {
        int stratum = (int) Math.floor((p.getDouble(axis) - min) / width * n);
        assertTrue(!seen[stratum], axis + " stratum " + stratum + " holds two points");
        seen[stratum] = true;
      }
    }
  }

  @Test
  void randomIsReproducibleFromItsSeedAndStaysInRange() {
    Map<String, Sweep.Range> ranges = Map.of("x", new Sweep.Range(-1, 1));
    List<Params> a = Sweep.random(42, 100, ranges).points();
    assertEquals(a, Sweep.random(42, 100, ranges).points());
    assertTrue(a.stream().allMatch(p -> p.getDouble("x") >= -1 && p.getDouble("x") <= 1));
  }

  @Test
  void dynamicSweepsExpandFromAListOfMaps() {
    Sweep s = Sweep.fromValues("screen", "picks");
    assertTrue(s.isDynamic());
    List<Params> p = Sweep.expand("test", List.of(Map.of("id", 4), Map.of("id", 8)));
    assertEquals(8, p.get(1).getInt("id"));
  }

  @Test
  void integralDoublesPrintWithoutAFractionInTemplates() {
    assertEquals("3", Params.format(3.0));
    assertEquals("0.25", Params.format(0.25));
  }
}
