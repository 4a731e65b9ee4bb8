package io.kakehashi.campaigns.alloy;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.CampaignParameters;
import io.kakehashi.workflow.Parameter;
import io.kakehashi.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alloy-screening campaign for {@code kakehashi run alloy-screening -P key=value}, with the
 * {@link LinearSurrogate} until a neural surrogate is passed to {@link AlloyScreening#workflow}.
 * Parameters: {@link #parameters()} and {@link AlloyScreening.Config}.
 */
public final class AlloyCampaign implements Campaign {
  @Override
  public String campaignName() {
    return "alloy-screening";
  }

  /** The campaign's knobs, as {@code kakehashi run alloy-screening --help} lists them. */
  @Override
  public List<Parameter> parameters() {
    AlloyScreening.Config d = AlloyScreening.Config.defaults();
    AlloyScreening.Learning l = d.learning();
    int max = Integer.MAX_VALUE;
    return List.of(
        Parameter.choice("system", d.system().name(), List.of("CuNi", "NiAl"),
            "CuNi (CuNi.eam.alloy) or NiAl (NiAlH_jea.eam.alloy)"),
        Parameter.integer("training", d.trainingCandidates(), 1, max,
            "candidates relaxed with LAMMPS for the first model (random, clustered and ordered families)"),
        Parameter.integer("rounds", l.rounds(), 0, 100, "active-learning rounds after the first model (0: none)"),
        Parameter.integer("acquire", l.sampling().acquired(), 0, max, "picks per round by largest calibrated spread"),
        Parameter.integer("random-slice", l.sampling().random(), 0, max, "picks per round drawn uniformly at random"),
        Parameter.flag("baseline", l.randomBaseline(),
            "also train on random picks of the same LAMMPS budget, for the learning curve"),
        Parameter.integer("holdout", l.holdout(), 0, max,
            "relaxations judging every model: Monte Carlo temperatures and generator ids no round used"),
        Parameter.number("tolerance-mev", 1.0,
            "the gate's absolute tolerance (meV/atom): 99% of accepted predictions should lie within it"),
        Parameter.text("compositions", "0.25,0.5,0.75",
            "exact B fractions whose best candidates are kept beside the bins' (empty: none)"),
        Parameter.integer("batch", d.batchSize(), 1, 100_000, "candidates per LAMMPS process"),
        Parameter.integer("ranks", d.ranks(), 1, 4096, "MPI ranks per LAMMPS process"),
        Parameter.integer("screen", d.screenCandidates(), 1, Long.MAX_VALUE, "candidates screened through the surrogate"),
        Parameter.integer("bins", d.compositionBins(), 1, 1000, "composition bins of the screen"),
        Parameter.integer("topk", d.topK(), 0, 1000, "verified picks per composition bin"),
        Parameter.integer("sample", d.randomSample(), 0, 100_000, "screened candidates verified at random"),
        Parameter.choice("surrogate", "ensemble", List.of("ensemble", "linear"),
            "DL4J deep ensemble, or the least-squares baseline (no spread, so no active learning)"),
        Parameter.integer("members", 5, 1, 64, "ensemble members"),
        Parameter.integer("epochs", 400, 1, 100_000, "maximum training epochs (early stopping decides)"),
        Parameter.integers("hidden", "16,16", "widths of each member's hidden layers"),
        Parameter.choice("loss", "auto", List.of("auto", "mse", "huber"),
            "the members' training loss: squared error, or Huber's (linear beyond 0.5 residual spreads, so that "
                + "cells whose relaxation the descriptors cannot see do not pull the fit); auto: huber for NiAl, "
                + "mse for CuNi"),
        Parameter.integer("cells", d.cells(), 1, 64, "supercell edge in fcc cells (4: 256 atoms)"),
        Parameter.integer("shells", d.shells(), 1, 7, "neighbour shells in the descriptors"),
        Parameter.flag("histograms", d.histograms(),
            "add each species' first- and second-shell neighbour-count histograms to the descriptors: "
                + "lower error, about 1.6x slower screening"),
        Parameter.integer("seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE, "generator seed"));
  }

  @Override
  public Workflow define(Map<String, String> parameters) {
    return AlloyScreening.workflow(config(parameters), surrogate(parameters));
  }

  /** {@code surrogate=ensemble} (DL4J deep ensemble, default) or {@code linear} (least-squares baseline). */
  public AlloyScreening.Surrogate surrogate(Map<String, String> parameters) {
    CampaignParameters p = CampaignParameters.of(parameters, parameters());
    return switch (p.choice("surrogate", "ensemble", "linear")) {
      case "ensemble" -> {
        EnsembleSurrogate e = EnsembleSurrogate.defaults(p.positiveInt("members"), p.positiveInt("epochs"),
            p.positiveNumber("tolerance-mev"), p.positiveInts("hidden"));
        String loss = p.choice("loss", "auto", "mse", "huber");
        boolean huber = loss.equals("huber") || loss.equals("auto") && AlloySystem.named(p.text("system")) == AlloySystem.NI_AL;
        yield huber ? e.withHuberLoss(EnsembleSurrogate.HUBER_DELTA) : e;
      }
      default -> new LinearSurrogate();
    };
  }

  /** The config from campaign parameters, defaults filled in; a bad value names its parameter. */
  public AlloyScreening.Config config(Map<String, String> parameters) {
    CampaignParameters p = CampaignParameters.of(parameters, parameters());
    AlloyScreening.Learning d = AlloyScreening.Learning.defaults();
    int rounds = p.nonNegativeInt("rounds");
    int acquire = p.nonNegativeInt("acquire");
    int slice = p.nonNegativeInt("random-slice");
    if (rounds > 0 && acquire + slice == 0) {
      throw new IllegalArgumentException("parameter 'acquire' or 'random-slice' must be > 0 when 'rounds' is > 0");
    }
    AlloyScreening.Learning learning = new AlloyScreening.Learning(rounds,
        AlloyScreening.Learning.sampling(p.positiveNumber("tolerance-mev"), acquire, slice), d.stopMaeMev(),
        d.stopFalseAccept(), p.flag("baseline"), p.nonNegativeInt("holdout"),
        d.holdoutTemperatures());
    return new AlloyScreening.Config(AlloySystem.named(p.text("system")), p.positiveInt("cells"),
        p.positiveInt("shells"), p.flag("histograms"), p.anyLong("seed"),
        p.positiveInt("training"), p.positiveInt("batch"),
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
