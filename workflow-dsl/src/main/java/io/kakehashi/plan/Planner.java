package io.kakehashi.plan;

import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Expands a step's sweep into points and fingerprints each one from its action, parameters,
 * environment, declared outputs and the fingerprints of the upstream points it reads. Since a
 * fingerprint depends only on upstream fingerprints (not on upstream results), a whole static
 * workflow is planned before anything runs.
 */
public final class Planner {
  private Planner() {}

  /**
   * @param step the step to plan
   * @param points the step's parameter points (the sweep's, or a dynamic sweep's expansion)
   * @param upstream the planned points of every step this one waits for
   * @param secretKey the key that environment values are digested with (they may be secrets)
   */
  public static List<PlannedPoint> plan(Step step, List<Params> points, Map<String, List<PlannedPoint>> upstream,
                                        byte[] secretKey) {
    Map<String, String> common = new TreeMap<>();
    common.put("step", step.name());
    common.put("action", Fingerprints.shortDigest(step.action().identity()));
    common.put("outputs", Fingerprints.shortDigest(String.join("\u0000", step.outputs())));
    for (Map.Entry<String, String> e : step.environment().entrySet()) {
      common.put("env:" + e.getKey(), Fingerprints.keyedDigest(secretKey, e.getValue()));
    }
    // Steps ordered only by after(...) or feeding a dynamic sweep: every point depends on all of theirs.
    for (String s : step.wholeStepDependencies()) common.put("after:" + s, digestOf(upstream.get(s)));

    List<PlannedPoint> out = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      Params p = points.get(i);
      Map<String, String> parts = new TreeMap<>(common);
      for (Map.Entry<String, Object> e : p.values().entrySet()) {
        parts.put("param:" + e.getKey(), Fingerprints.shortDigest(Params.format(e.getValue())));
      }
      Map<String, List<PointKey>> inputs = step.inputs().isEmpty() ? Map.of() : new LinkedHashMap<>();
      for (Map.Entry<String, Input> e : step.inputs().entrySet()) {
        List<PlannedPoint> from = upstream.get(e.getValue().step());
        List<PlannedPoint> read = select(step, e.getKey(), e.getValue(), i, points.size(), from);
        inputs.put(e.getKey(), read.stream().map(PlannedPoint::key).toList());
        String output = e.getValue().output() == null ? "" : e.getValue().output();
        parts.put("input:" + e.getKey(), Fingerprints.shortDigest(output + "\u0000" + digestOf(read)));
      }
      out.add(new PlannedPoint(new PointKey(step.name(), i), p, Fingerprints.combine(parts), parts, inputs));
    }
    return out;
  }

  /** Which upstream points point {@code index} of {@code step} reads through one input. */
  static List<PlannedPoint> select(Step step, String inputName, Input input, int index, int count,
                                   List<PlannedPoint> from) {
    if (input.mode() == Input.Mode.GATHER || from.size() == 1 || count == 1) {
      return from;
    }
    if (from.size() == count) {
      return List.of(from.get(index));
    }
    throw new IllegalStateException("step '" + step.name() + "': input '" + inputName + "' is ambiguous at run time: "
        + count + " points here, " + from.size() + " in '" + input.step() + "'; use Input.gather(...)");
  }

  private static String digestOf(List<PlannedPoint> points) {
    StringBuilder sb = new StringBuilder(points.size() * 65);
    for (PlannedPoint p : points) sb.append(p.fingerprint()).append(',');
    return Fingerprints.shortDigest(sb.toString());
  }
}
