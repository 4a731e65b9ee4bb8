package io.kakehashi.campaigns.alloy;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.CampaignParameters;
import io.kakehashi.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    m.put("compositions", "0.25,0.5,0.75");
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
    CampaignParameters p = CampaignParameters.of(parameters, defaults());
    return switch (p.choice("surrogate", "ensemble", "linear")) {
      case "ensemble" -> EnsembleSurrogate.defaults(p.positiveInt("members"), p.positiveInt("epochs"),
          p.positiveNumber("tolerance-mev"), p.positiveInts("hidden"));
      default -> new LinearSurrogate();
    };
  }

  /** The config from campaign parameters, defaults filled in; a bad value names its parameter. */
  public AlloyScreening.Config config(Map<String, String> parameters) {
    CampaignParameters p = CampaignParameters.of(parameters, defaults());
    AlloyScreening.Learning d = AlloyScreening.Learning.defaults();
    int rounds = p.nonNegativeInt("rounds");
    int acquire = p.nonNegativeInt("acquire");
    int slice = p.nonNegativeInt("random-slice");
    if (rounds > 0 && acquire + slice == 0) {
      throw new IllegalArgumentException("parameter 'acquire' or 'random-slice' must be > 0 when 'rounds' is > 0");
    }
    AlloyScreening.Learning learning = new AlloyScreening.Learning(rounds,
        AlloyScreening.Learning.sampling(p.positiveNumber("tolerance-mev"), acquire, slice), d.stopMaeMev(),
        d.stopFalseAccept(), p.choice("baseline", "true", "false").equals("true"), p.nonNegativeInt("holdout"),
        d.holdoutTemperatures());
    return new AlloyScreening.Config(AlloySystem.named(p.text("system")), p.positiveInt("cells"),
        p.positiveInt("shells"), p.anyLong("seed"), p.positiveInt("training"), p.positiveInt("batch"),
        p.positiveInt("ranks"), p.positiveLong("screen"), p.positiveInt("bins"), p.nonNegativeInt("topk"),
        p.nonNegativeInt("sample"), fractions(p.text("compositions")), learning);
  }

  /** A comma-separated list of B fractions in [0, 1]; empty for none. */
  private static List<Double> fractions(String text) {
    List<Double> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) continue;
      double x;
      try {
        x = Double.parseDouble(part.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("parameter 'compositions': '" + part.strip() + "' is not a number");
      }
      if (!(x >= 0 && x <= 1)) {
        throw new IllegalArgumentException("parameter 'compositions': " + part.strip() + " is not a fraction in [0, 1]");
      }
      out.add(x);
    }
    return out;
  }
}
