package io.kakehashi.workflow;

import java.util.List;
import java.util.Locale;

/**
 * One parameter a campaign declares, once: its name, kind, default, allowed values and help.
 * The command line lists them ({@code kakehashi run CAMPAIGN --help}), checks every value before
 * the workflow is defined (a bad one is an error naming the parameter), and records the effective
 * values of a run in the store.
 *
 * <pre>{@code
 * List.of(
 *     Parameter.integer("training", 1000, 1, 10_000_000, "candidates relaxed with LAMMPS for the first model"),
 *     Parameter.choice("system", "CuNi", List.of("CuNi", "NiAl"), "alloy and EAM potential"),
 *     Parameter.number("tolerance-mev", 1.0, "the gate's tolerance (meV/atom)"));
 * }</pre>
 *
 * @param name the key of {@code -P key=value}
 * @param kind how the value is read and checked
 * @param defaultValue the value when none is given, as a user would type it
 * @param min for whole numbers, the smallest allowed value
 * @param max for whole numbers, the largest allowed value
 * @param choices for {@link Kind#CHOICE}, the allowed values
 * @param help one line for the listing
 */
public record Parameter(String name, Kind kind, String defaultValue, long min, long max, List<String> choices,
    String help) {
  /** How a parameter's value is read. */
  public enum Kind {
    /** A whole number in [min, max]. */
    INTEGER,
    /** A finite number greater than 0. */
    NUMBER,
    /** One of the choices. */
    CHOICE,
    /** Any text (the campaign checks it further). */
    TEXT,
    /** A comma-separated list of whole numbers >= 1. */
    INTEGERS
  }

  public Parameter {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a parameter needs a name");
    choices = List.copyOf(choices);
    if (kind == Kind.CHOICE && !choices.contains(defaultValue)) {
      throw new IllegalArgumentException("parameter '" + name + "': default '" + defaultValue + "' is not one of " + choices);
    }
  }

  public static Parameter integer(String name, long defaultValue, long min, long max, String help) {
    return new Parameter(name, Kind.INTEGER, Long.toString(defaultValue), min, max, List.of(), help);
  }

  public static Parameter number(String name, double defaultValue, String help) {
    return new Parameter(name, Kind.NUMBER, Double.toString(defaultValue), 0, 0, List.of(), help);
  }

  public static Parameter choice(String name, String defaultValue, List<String> choices, String help) {
    return new Parameter(name, Kind.CHOICE, defaultValue, 0, 0, choices, help);
  }

  public static Parameter flag(String name, boolean defaultValue, String help) {
    return choice(name, Boolean.toString(defaultValue), List.of("true", "false"), help);
  }

  public static Parameter text(String name, String defaultValue, String help) {
    return new Parameter(name, Kind.TEXT, defaultValue, 0, 0, List.of(), help);
  }

  public static Parameter integers(String name, String defaultValue, String help) {
    return new Parameter(name, Kind.INTEGERS, defaultValue, 0, 0, List.of(), help);
  }

  /** What the listing shows as the allowed values, e.g. {@code 1..10000000} or {@code CuNi|NiAl}. */
  public String allowed() {
    return switch (kind) {
      case INTEGER -> min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "any integer"
          : min + ".." + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "" : Long.toString(max));
      case NUMBER -> "> 0";
      case CHOICE -> String.join("|", choices);
      case TEXT -> "text";
      case INTEGERS -> "n,n,... >= 1";
    };
  }

  /** Checks {@code value} of this parameter in {@code values}, throwing an error that names it. */
  void check(CampaignParameters values) {
    switch (kind) {
      case INTEGER -> values.integer(name, min, max);
      case NUMBER -> values.positiveNumber(name);
      case CHOICE -> values.choice(name, choices.toArray(String[]::new));
      case TEXT -> values.text(name);
      case INTEGERS -> values.positiveInts(name);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s=%s (%s)", name, defaultValue, allowed());
  }
}
