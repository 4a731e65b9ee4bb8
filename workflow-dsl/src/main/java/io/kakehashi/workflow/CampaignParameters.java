package io.kakehashi.workflow;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A campaign's {@code -P key=value} parameters over its defaults, read as checked values: every
 * bad value is an {@link IllegalArgumentException} whose one sentence names the parameter and
 * the value as typed (not a converted internal value), which the command line reports as bad input.
 *
 * <pre>{@code
 * CampaignParameters p = CampaignParameters.of(parameters, parameters());
 * int points = p.positiveInt("points");
 * double tolerance = p.positiveNumber("tolerance-mev");
 * }</pre>
 */
public final class CampaignParameters {
  private final Map<String, String> values;

  private CampaignParameters(Map<String, String> values) {
    this.values = values;
  }

  /**
   * {@code given} over {@code defaults}.
   *
   * @throws IllegalArgumentException for a parameter the defaults do not list
   */
  public static CampaignParameters of(Map<String, String> given, Map<String, String> defaults) {
    for (String key : given.keySet()) {
      if (!defaults.containsKey(key)) {
        throw new IllegalArgumentException("unknown parameter '" + key + "'" + DidYouMean.suggest(key, defaults.keySet())
            + " (known: " + defaults.keySet() + ")");
      }
    }
    Map<String, String> v = new LinkedHashMap<>(defaults);
    v.putAll(given);
    return new CampaignParameters(v);
  }

  /**
   * {@code given} over the declared parameters' defaults, every value checked against its
   * declaration (defaults included), so that a bad one is reported before anything runs.
   *
   * @throws IllegalArgumentException for an unknown parameter or a bad value, naming it
   */
  public static CampaignParameters of(Map<String, String> given, List<Parameter> declared) {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (Parameter p : declared) defaults.put(p.name(), p.defaultValue());
    CampaignParameters values = of(given, defaults);
    for (Parameter p : declared) p.check(values);
    return values;
  }

  /** Every parameter's effective value, in declaration order: what a run records. */
  public Map<String, String> values() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Set<String> keys() {
    return values.keySet();
  }

  /** The value as typed, without surrounding blanks. */
  public String text(String key) {
    String v = values.get(key);
    if (v == null) throw new IllegalArgumentException("parameter '" + key + "' is not set");
    return v.strip();
  }

  /** One of {@code choices}. */
  public String choice(String key, String... choices) {
    String v = text(key);
    if (!Arrays.asList(choices).contains(v)) {
      throw new IllegalArgumentException("parameter '" + key + "': '" + v + "' is not one of " + List.of(choices)
          + DidYouMean.suggest(v, List.of(choices)));
    }
    return v;
  }

  /** A {@link Parameter#flag} value: {@code true} or {@code false}, anything else an error naming the key. */
  public boolean flag(String key) {
    return choice(key, "true", "false").equals("true");
  }

  public int positiveInt(String key) {
    return (int) integer(key, 1, Integer.MAX_VALUE);
  }

  public int nonNegativeInt(String key) {
    return (int) integer(key, 0, Integer.MAX_VALUE);
  }

  public long positiveLong(String key) {
    return integer(key, 1, Long.MAX_VALUE);
  }

  public long anyLong(String key) {
    return integer(key, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A whole number in {@code [min, max]}: an overflowing value is out of range, not an internal error. */
  public long integer(String key, long min, long max) {
    String v = text(key);
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      if (v.matches("[+-]?\\d+")) throw outOfRange(key, v, min, max);
      throw new IllegalArgumentException("parameter '" + key + "': '" + v + "' is not an integer");
    }
    if (n < min || n > max) throw outOfRange(key, v, min, max);
    return n;
  }

  /** A finite number greater than 0 ({@code NaN}, infinities, 0 and negatives are errors). */
  public double positiveNumber(String key) {
    String v = text(key);
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + key + "': '" + v + "' is not a number");
    }
    if (!Double.isFinite(d) || d <= 0) {
      throw new IllegalArgumentException("parameter '" + key + "': '" + v + "' must be a finite number greater than 0");
    }
    return d;
  }

  /** A comma-separated list of whole numbers >= 1, such as layer widths {@code 32,32}. */
  public int[] positiveInts(String key) {
    String v = text(key);
    try {
      int[] w = Arrays.stream(v.split(",", -1)).map(String::strip).mapToInt(Integer::parseInt).toArray();
      if (w.length > 0 && Arrays.stream(w).allMatch(x -> x >= 1)) return w;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("parameter '" + key + "': '" + v
        + "' is not a comma-separated list of whole numbers >= 1 such as 32,32");
  }

  private static IllegalArgumentException outOfRange(String key, String v, long min, long max) {
    String range = min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "a 64-bit integer"
        : max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "at least " + min + " and at most " + max
        : "between " + min + " and " + max;
    return new IllegalArgumentException("parameter '" + key + "': " + v + " is out of range (it must be " + range + ")");
  }
}
