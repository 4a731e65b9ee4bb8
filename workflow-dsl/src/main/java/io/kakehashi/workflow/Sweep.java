package io.kakehashi.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The points a step runs at. A step without a sweep runs once. Static sweeps (grid, list, random,
 * Latin hypercube) are expanded before the run starts; a sweep {@link #fromValues from an upstream
 * step's values} is expanded when that step has finished, which is how a screening step picks the
 * candidates that a later step simulates.
 */
public final class Sweep {
  /** An inclusive range of a continuous parameter. */
  public record Range(double min, double max) {
    public Range {
      if (!(max >= min)) throw new IllegalArgumentException("range max " + max + " < min " + min);
    }

    double at(double u) {
      return min + u * (max - min);
    }
  }

  private static final Sweep SINGLE = new Sweep("single", List.of(Params.EMPTY), null, null);

  private final String description;
  private final List<Params> points;
  private final String sourceStep;
  private final String sourceKey;

  private Sweep(String description, List<Params> points, String sourceStep, String sourceKey) {
    this.description = description;
    this.points = points == null ? null : List.copyOf(points);
    this.sourceStep = sourceStep;
    this.sourceKey = sourceKey;
  }

  /** One point with no parameters. */
  public static Sweep single() {
    return SINGLE;
  }

  /** The Cartesian product of the axes, the first axis varying slowest. */
  public static Sweep grid(Map<String, ? extends List<?>> axes) {
    List<Params> out = new ArrayList<>();
    out.add(Params.EMPTY);
    for (Map.Entry<String, ? extends List<?>> axis : new LinkedHashMap<>(axes).entrySet()) {
      List<Params> next = new ArrayList<>(out.size() * axis.getValue().size());
      for (Params p : out) {
        for (Object v : axis.getValue()) {
          Map<String, Object> m = new LinkedHashMap<>(p.values());
          m.put(axis.getKey(), Objects.requireNonNull(v, "null value on axis " + axis.getKey()));
          next.add(new Params(m));
        }
      }
      out = next;
    }
    if (axes.isEmpty()) out = List.of();
    return new Sweep("grid " + axes.keySet(), out, null, null);
  }

  /** One axis. */
  public static Sweep over(String name, List<?> values) {
    return grid(Map.of(name, values));
  }

  /** Explicit points. */
  public static Sweep list(List<? extends Map<String, ?>> points) {
    return new Sweep("list", points.stream().map(Params::of).toList(), null, null);
  }

  /** {@code n} points drawn uniformly and independently from the ranges. */
  public static Sweep random(long seed, int n, Map<String, Range> ranges) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> names = List.copyOf(new TreeMap<>(ranges).keySet());
    List<Params> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String name : names) m.put(name, ranges.get(name).at(rnd.nextDouble()));
      out.add(new Params(m));
    }
    return new Sweep("random(" + n + ", seed " + seed + ")", out, null, null);
  }

  /**
   * {@code n} points of a Latin hypercube: each range is cut into n strata and every stratum of
   * every parameter holds exactly one point.
   */
  public static Sweep latinHypercube(long seed, int n, Map<String, Range> ranges) {
    Random rnd = new Random(seed);
    List<String> names = List.copyOf(new TreeMap<>(ranges).keySet());
    double[][] u = new double[names.size()][n];
    for (int d = 0; d < names.size(); d++) {
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) perm[i] = i;
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (int i = 0; i < n; i++) u[d][i] = (perm[i] + rnd.nextDouble()) / n;
    }
    List<Params> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int d = 0; d < names.size(); d++) m.put(names.get(d), ranges.get(names.get(d)).at(u[d][i]));
      out.add(new Params(m));
    }
    return new Sweep("latin hypercube(" + n + ", seed " + seed + ")", out, null, null);
  }

  /**
   * Points taken at run time from value {@code key} of the (single-point) step {@code step}:
   * that value must be a list of maps, one map of parameters per point.
   */
  public static Sweep fromValues(String step, String key) {
    return new Sweep("from " + step + "." + key, null, Objects.requireNonNull(step),
        Objects.requireNonNull(key));
  }

  public boolean isDynamic() {
    return points == null;
  }

  /** The points of a static sweep. */
  public List<Params> points() {
    if (points == null) throw new IllegalStateException("sweep " + description + " is known only at run time");
    return points;
  }

  /** For a dynamic sweep, the step whose values define the points; null otherwise. */
  public String sourceStep() {
    return sourceStep;
  }

  public String sourceKey() {
    return sourceKey;
  }

  /** Expands a dynamic sweep from the source step's recorded value. */
  @SuppressWarnings("unchecked")
  public static List<Params> expand(String description, Object value) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(description + ": expected a list of parameter maps, got "
          + (value == null ? "nothing" : value.getClass().getSimpleName()));
    }
    List<Params> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(description + ": element is not a map: " + o);
      }
      out.add(Params.of((Map<String, ?>) m));
    }
    return out;
  }

  public boolean isSingle() {
    return this == SINGLE;
  }

  @Override
  public String toString() {
    return description;
  }
}
