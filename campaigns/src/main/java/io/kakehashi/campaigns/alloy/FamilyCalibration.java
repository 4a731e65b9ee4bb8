package io.kakehashi.campaigns.alloy;

import io.kakehashi.campaigns.alloy.structure.Family;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the ensemble's own σ must be scaled, per configuration family, to say what fresh LAMMPS
 * values showed: a split-conformal correction fitted on the errors of an earlier round's model on
 * picks it had not seen (each round's judge records them as |error| / σ; the screen and the judges
 * use the newest judge's, {@code AlloyScreening.calibration}).
 *
 * <p>The ensemble's σ is calibrated once, on held-out rows of its training data. Where the model
 * is used it is often too narrow (the layered and random families, the screen's tail), and by how
 * much depends on the family. Two factors per family, neither below 1:
 *
 * <ul>
 *   <li>{@code sigma}: the reported σ becomes σ·sigma, so that ±2σ holds 95.4% of the fresh
 *       errors, as for a Gaussian. It only widens σ: the ratios come from earlier models, and a
 *       later one, trained on more rows, already has a narrower σ of its own. Where a few dozen
 *       rows per family asked for a narrower σ (factors 0.65-0.98 in run
 *       {@code 20261206-035255-5779}) the held-out coverage fell to 0.84-0.94; where they asked for
 *       a wider one (1.19) it was 0.957-0.959;
 *   <li>{@code gate}: the gate ACCEPTS when 2.576·σ·gate fits inside the tolerance, so that 99% of
 *       the fresh errors lie within 2.576·σ·gate. It is never below 1: data may tell the gate to
 *       be stricter than the ensemble's own σ, never looser.
 * </ul>
 *
 * <p>A family with fewer than {@value #MIN_ROWS} judged rows takes the factors of all families
 * pooled. The quantiles are conformal (rank ⌈(n+1)q⌉); where that rank is beyond the data, the
 * largest ratio is used and the gate takes the pooled factor if that is stricter.
 *
 * <p>The gate is also trusted only once fresh data showed it right: after at least {@value
 * #MIN_ACCEPTED} judged rows it accepted, at most {@value #MAX_FALSE_ACCEPT_RATE} of them off by
 * more than the tolerance. Until then (and for good, where it failed) it accepts nothing. An
 * ensemble whose members agree on a wrong value is confidently wrong; no factor on σ finds that,
 * only the judged record does (Ni-Al, whose model errs by several meV/atom, accepted 49 of ten
 * million candidates, and 17 of the 25 accepted picks LAMMPS verified were off by more than 1
 * meV/atom).
 *
 * @param byFamily the factors of families with enough judged rows
 * @param pooled the factors of all judged rows together, for the other families
 * @param trusted whether the gate may accept at all
 */
public record FamilyCalibration(Map<Family, Scale> byFamily, Scale pooled, boolean trusted) implements Serializable {
  /** Judged rows the gate must have accepted before it is trusted. */
  static final int MIN_ACCEPTED = 20;
  /** The largest share of those that may be off by more than the tolerance. */
  static final double MAX_FALSE_ACCEPT_RATE = 0.05;

  /** Judged rows a family needs for factors of its own. */
  static final int MIN_ROWS = 20;
  /** The Gaussian quantiles the factors aim for: ±2σ holds 95.4%, ±2.576σ holds 99%. */
  static final double TWO_SIGMA_COVERAGE = 0.9545;
  static final double GATE_COVERAGE = 0.99;
  static final double GATE_SIGMAS = 2.576;
  /** The σ factor never narrows σ (see the class comment). */
  static final double MIN_SIGMA = 1;

  /** No correction: the ensemble's σ as calibrated on its training data. */
  public static final FamilyCalibration NONE = new FamilyCalibration(Map.of(), Scale.ONE, true);

  /**
   * One family's factors.
   *
   * @param rows judged rows they were fitted on (0: none)
   * @param sigma the factor on σ
   * @param gate the factor on σ when the gate decides, at least 1
   */
  public record Scale(int rows, double sigma, double gate) implements Serializable {
    static final Scale ONE = new Scale(0, 1, 1);

    Map<String, Object> values() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("sigma", sigma);
      m.put("gate", gate);
      return m;
    }
  }

  public FamilyCalibration {
    byFamily = Map.copyOf(byFamily);
  }

  /** The factors for candidates of {@code family} (the pooled ones for a family without its own, or null). */
  public Scale of(Family family) {
    Scale s = family == null ? null : byFamily.get(family);
    return s != null ? s : pooled;
  }

  /**
   * Fits the factors on |error| / σ ratios per family.
   *
   * @param ratios per family, the ratio of each judged row's absolute error to the model's own
   *     (uncorrected) σ
   */
  public static FamilyCalibration fit(Map<Family, double[]> ratios) {
    return fit(ratios, new GateRecord(0, 0));
  }

  /**
   * What the gate did on fresh rows, as the judges measured it: rows it accepted, and how many
   * of those were off by more than the tolerance.
   */
  public record GateRecord(long accepted, long falseAccepts) {
    boolean trustworthy() {
      return accepted >= MIN_ACCEPTED && falseAccepts <= MAX_FALSE_ACCEPT_RATE * accepted;
    }

    GateRecord plus(GateRecord o) {
      return new GateRecord(accepted + o.accepted, falseAccepts + o.falseAccepts);
    }
  }

  /** As {@link #fit(Map)}, trusting the gate only if {@code record} shows it right ({@link #trusted}). */
  public static FamilyCalibration fit(Map<Family, double[]> ratios, GateRecord record) {
    List<Double> all = new ArrayList<>();
    ratios.values().forEach(r -> Arrays.stream(r).forEach(all::add));
    if (all.isEmpty()) return NONE;
    boolean trusted = record.trustworthy();
    Scale pooled = scale(all.stream().mapToDouble(Double::doubleValue).toArray(), null);
    Map<Family, Scale> byFamily = new EnumMap<>(Family.class);
    ratios.forEach((family, r) -> {
      if (r.length >= MIN_ROWS) byFamily.put(family, scale(r, pooled));
    });
    return new FamilyCalibration(byFamily, pooled, trusted);
  }

  private static Scale scale(double[] ratios, Scale fallback) {
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    double sigma = Math.max(quantile(sorted, TWO_SIGMA_COVERAGE) / 2, MIN_SIGMA);
    double gate = Math.max(GATE_SIGMAS * sigma, quantile(sorted, GATE_COVERAGE)) / GATE_SIGMAS;
    // Too few rows for a conformal 99% bound: the largest ratio seen, or the pooled bound if stricter.
    if (conformalRank(sorted.length, GATE_COVERAGE) > sorted.length && fallback != null) {
      gate = Math.max(gate, fallback.gate());
    }
    return new Scale(sorted.length, sigma, Math.max(1, gate));
  }

  /** The split-conformal q-quantile of sorted values: the ⌈(n+1)q⌉-th smallest, or the largest. */
  static double quantile(double[] sorted, double q) {
    int rank = conformalRank(sorted.length, q);
    return sorted[Math.min(sorted.length, rank) - 1];
  }

  private static int conformalRank(int n, double q) {
    return (int) Math.ceil((n + 1) * q);
  }

  /** The same factors with the gate trusted: what a judge measures the gate's record with. */
  public FamilyCalibration trusting() {
    return new FamilyCalibration(byFamily, pooled, true);
  }

  /** The factors as step values: per family name, and "pooled". */
  public Map<String, Object> values() {
    Map<String, Object> m = new LinkedHashMap<>();
    byFamily.forEach((f, s) -> m.put(f.name(), s.values()));
    m.put("pooled", pooled.values());
    m.put("trusted", trusted);
    return m;
  }

  /** Ratios as step values: per family name, the list of |error| / σ. */
  public static Map<String, Object> ratioValues(Map<Family, double[]> ratios) {
    Map<String, Object> m = new LinkedHashMap<>();
    ratios.forEach((f, r) -> m.put(f.name(), Arrays.stream(r).boxed().toList()));
    return m;
  }

  /** Pools ratio values recorded by several judges ({@link #ratioValues}) into one map per family. */
  public static Map<Family, double[]> poolRatios(List<Map<String, Object>> recorded) {
    Map<Family, List<Double>> pooled = new EnumMap<>(Family.class);
    for (Map<String, Object> one : recorded) {
      if (one == null) continue;
      one.forEach((name, list) -> {
        if (!(list instanceof List<?> values)) return;
        List<Double> into = pooled.computeIfAbsent(Family.valueOf(name), k -> new ArrayList<>());
        for (Object v : values) into.add(((Number) v).doubleValue());
      });
    }
    Map<Family, double[]> out = new EnumMap<>(Family.class);
    pooled.forEach((f, l) -> out.put(f, l.stream().mapToDouble(Double::doubleValue).toArray()));
    return out;
  }
}
