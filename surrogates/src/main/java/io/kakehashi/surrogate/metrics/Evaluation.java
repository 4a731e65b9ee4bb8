package io.kakehashi.surrogate.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Metrics, calibration and parity data of every target of a model on one set of rows. */
public record Evaluation(List<RegressionMetrics> metrics, List<Calibration> calibration, List<Parity> parity) {
  public Evaluation {
    metrics = List.copyOf(metrics);
    calibration = List.copyOf(calibration);
    parity = List.copyOf(parity);
  }

  /** Scores predictions (mean and σ per target) against the truth, target by target. */
  public static Evaluation of(List<String> targets, Map<String, double[]> truth, Map<String, double[]> mean,
      Map<String, double[]> std) {
    List<RegressionMetrics> m = new ArrayList<>();
    List<Calibration> c = new ArrayList<>();
    List<Parity> p = new ArrayList<>();
    for (String t : targets) {
      m.add(RegressionMetrics.of(t, truth.get(t), mean.get(t)));
      c.add(Calibration.of(t, truth.get(t), mean.get(t), std.get(t)));
      p.add(new Parity(t, truth.get(t), mean.get(t), std.get(t)));
    }
    return new Evaluation(m, c, p);
  }

  public RegressionMetrics metrics(String target) {
    return metrics.stream().filter(x -> x.target().equals(target)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no target '" + target + "' in " + metrics));
  }

  public Calibration calibration(String target) {
    return calibration.stream().filter(x -> x.target().equals(target)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no target '" + target + "' in " + calibration));
  }
}
