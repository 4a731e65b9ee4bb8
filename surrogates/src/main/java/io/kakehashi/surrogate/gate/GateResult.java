package io.kakehashi.surrogate.gate;

import io.kakehashi.surrogate.model.Prediction;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** The gate's decision for every candidate, with the prediction it was based on. */
public final class GateResult {
  private final String modelVersion;
  private final Prediction prediction;
  private final Decision[] decisions;
  private final IntFunction<String> reasons;

  GateResult(String modelVersion, Prediction prediction, Decision[] decisions, IntFunction<String> reasons) {
    this.modelVersion = modelVersion;
    this.prediction = prediction;
    this.decisions = decisions;
    this.reasons = reasons;
  }

  /** The model that predicted, as {@code name@vN}. */
  public String modelVersion() {
    return modelVersion;
  }

  public Prediction prediction() {
    return prediction;
  }

  public int size() {
    return decisions.length;
  }

  public Decision decision(int row) {
    return decisions[Objects.checkIndex(row, decisions.length)];
  }

  /** Why the candidate is simulated (the spread or the feature out of range), or "" if it is not. */
  public String reason(int row) {
    return reasons.apply(Objects.checkIndex(row, decisions.length));
  }

  /** Where the result of candidate {@code row} will come from. */
  public Provenance provenance(int row) {
    return decision(row).simulate() ? Provenance.simulation() : Provenance.surrogate(modelVersion);
  }

  /** Candidates the real simulation must run for, ascending. */
  public int[] toSimulate() {
    return IntStream.range(0, decisions.length).filter(r -> decisions[r].simulate()).toArray();
  }

  /** Candidates whose surrogate prediction is the result, ascending. */
  public int[] accepted() {
    return IntStream.range(0, decisions.length).filter(r -> !decisions[r].simulate()).toArray();
  }

  public int count(Decision d) {
    int n = 0;
    for (Decision x : decisions) if (x == d) n++;
    return n;
  }

  /** How many candidates got each decision. */
  public Map<Decision, Integer> counts() {
    Map<Decision, Integer> m = new EnumMap<>(Decision.class);
    for (Decision d : List.of(Decision.values())) m.put(d, count(d));
    return m;
  }
}
