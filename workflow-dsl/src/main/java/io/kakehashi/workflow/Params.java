package io.kakehashi.workflow;

import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The parameter values of one point of a step's sweep. Keys are sorted so that two equal
 * parameter sets print and fingerprint identically.
 */
public record Params(Map<String, Object> values) {
  public static final Params EMPTY = new Params(Map.of());

  public Params {
    values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public static Params of(Map<String, ?> values) {
    return new Params(Map.copyOf(values));
  }

  public Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new NoSuchElementException("no parameter '" + name + "' (have " + values.keySet() + ")");
    }
    return v;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public double getDouble(String name) {
    Object v = get(name);
    if (v instanceof Number n) return n.doubleValue();
    return Double.parseDouble(v.toString());
  }

  public long getLong(String name) {
    Object v = get(name);
    if (v instanceof Number n) return n.longValue();
    return Long.parseLong(v.toString());
  }

  public int getInt(String name) {
    return Math.toIntExact(getLong(name));
  }

  public String getString(String name) {
    return String.valueOf(get(name));
  }

  /** The string form used in command-line templates: integers without ".0", doubles in full precision. */
  public static String format(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
