package io.kakehashi.examples.alloy;

import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alloy-screening campaign for {@code kakehashi run alloy-screening -P key=value}, with the
 * {@link LinearSurrogate} until a neural surrogate is passed to {@link AlloyScreening#workflow}.
 * Parameters and defaults: see {@link #defaults()} and {@link AlloyScreening.Config}.
 */
public final class AlloyCampaign implements Campaign {
  @Override
  public String campaignName() {
    return "alloy-screening";
  }

  @Override
  public Map<String, String> defaults() {
    AlloyScreening.Config d = AlloyScreening.Config.defaults();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("system", d.system().name());
    m.put("cells", Integer.toString(d.cells()));
    m.put("shells", Integer.toString(d.shells()));
    m.put("seed", Long.toString(d.seed()));
    m.put("training", Integer.toString(d.trainingCandidates()));
    m.put("batch", Integer.toString(d.batchSize()));
    m.put("ranks", Integer.toString(d.ranks()));
    m.put("screen", Long.toString(d.screenCandidates()));
    m.put("bins", Integer.toString(d.compositionBins()));
    m.put("topk", Integer.toString(d.topK()));
    m.put("sample", Integer.toString(d.randomSample()));
    m.put("surrogate", "ensemble");
    m.put("members", "5");
    m.put("epochs", "400");
    m.put("hidden", "16,16");
    m.put("tolerance-mev", "1.0");
    AlloyScreening.Learning l = d.learning();
    m.put("rounds", Integer.toString(l.rounds()));
    m.put("acquire", Integer.toString(l.sampling().acquired()));
    m.put("random-slice", Integer.toString(l.sampling().random()));
    m.put("baseline", Boolean.toString(l.randomBaseline()));
    m.put("holdout", Integer.toString(l.holdout()));
    return m;
  }

  @Override
  public Workflow define(Map<String, String> parameters) {
    return AlloyScreening.workflow(config(parameters), surrogate(parameters));
  }

  /** {@code surrogate=ensemble} (DL4J deep ensemble, default) or {@code linear} (least-squares baseline). */
  public AlloyScreening.Surrogate surrogate(Map<String, String> parameters) {
    Map<String, String> p = new LinkedHashMap<>(defaults());
    p.putAll(parameters);
    return switch (p.get("surrogate")) {
      case "ensemble" -> EnsembleSurrogate.defaults(integer(p, "members"), integer(p, "epochs"),
          tolerance(p), widths(p, "hidden"));
      case "linear" -> new LinearSurrogate();
      default -> throw new IllegalArgumentException("parameter 'surrogate': '" + p.get("surrogate")
          + "' is neither 'ensemble' nor 'linear'");
    };
  }

  /** The config from campaign parameters, defaults filled in; a bad value names its parameter. */
  public AlloyScreening.Config config(Map<String, String> parameters) {
    Map<String, String> p = new LinkedHashMap<>(defaults());
    for (String key : parameters.keySet()) {
      if (!p.containsKey(key)) throw new IllegalArgumentException("unknown parameter '" + key + "' (known: " + p.keySet() + ")");
    }
    p.putAll(parameters);
    AlloyScreening.Learning d = AlloyScreening.Learning.defaults();
    int rounds = integer(p, "rounds");
    int acquire = integer(p, "acquire");
    int slice = integer(p, "random-slice");
    int holdout = integer(p, "holdout");
    if (rounds < 0 || acquire < 0 || slice < 0 || holdout < 0) {
      throw new IllegalArgumentException("parameters 'rounds', 'acquire', 'random-slice' and 'holdout' must be >= 0");
    }
    if (rounds > 0 && acquire + slice == 0) {
      throw new IllegalArgumentException("parameter 'acquire' or 'random-slice' must be > 0 when 'rounds' is > 0");
    }
    String baseline = p.get("baseline").strip();
    if (!baseline.equals("true") && !baseline.equals("false")) {
      throw new IllegalArgumentException("parameter 'baseline': '" + baseline + "' is neither 'true' nor 'false'");
    }
    AlloyScreening.Learning learning = new AlloyScreening.Learning(rounds,
        AlloyScreening.Learning.sampling(tolerance(p), acquire, slice), d.stopMaeMev(), d.stopFalseAccept(),
        Boolean.parseBoolean(baseline), holdout, d.holdoutTemperatures());
    return new AlloyScreening.Config(AlloySystem.named(p.get("system")), integer(p, "cells"), integer(p, "shells"),
        number(p, "seed"), integer(p, "training"), integer(p, "batch"), integer(p, "ranks"), number(p, "screen"),
        integer(p, "bins"), integer(p, "topk"), integer(p, "sample"), learning);
  }

  /** The gate's tolerance in meV/atom: positive and finite. */
  private static double tolerance(Map<String, String> p) {
    double t = decimal(p, "tolerance-mev");
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("parameter 'tolerance-mev': '" + p.get("tolerance-mev")
          + "' is not a positive number of meV/atom");
    }
    return t;
  }

  /** A comma-separated list of positive layer widths, e.g. {@code 32,32}. */
  private static int[] widths(Map<String, String> p, String key) {
    try {
      int[] w = java.util.Arrays.stream(p.get(key).split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
      if (w.length == 0 || java.util.Arrays.stream(w).anyMatch(x -> x < 1)) throw new NumberFormatException();
      return w;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + key + "': '" + p.get(key)
          + "' is not a comma-separated list of positive layer widths such as 32,32");
    }
  }

  private static double decimal(Map<String, String> p, String key) {
    try {
      return Double.parseDouble(p.get(key).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + key + "': '" + p.get(key) + "' is not a number");
    }
  }

  private static int integer(Map<String, String> p, String key) {
    return Math.toIntExact(number(p, key));
  }

  private static long number(Map<String, String> p, String key) {
    try {
      return Long.parseLong(p.get(key).strip());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("parameter '" + key + "': '" + p.get(key) + "' is not an integer");
    }
  }
}
