package io.kakehashi.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -P key=value} and {@code -C key=value} as typed: picocli's map options let a repeated key
 * silently win, which hides a typo or a pasted-over value, so these are parsed here.
 */
final class KeyValues {
  private KeyValues() {}

  /** The pairs in order; a missing '=', an empty key or a key given twice is an error naming the option. */
  static Map<String, String> parse(String option, List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 0) throw new CliException(option + " '" + a + "' is not KEY=VALUE");
      String key = a.substring(0, eq).strip();
      if (key.isEmpty()) throw new CliException(option + " '" + a + "' has no key before '='");
      String value = a.substring(eq + 1);
      String before = out.putIfAbsent(key, value);
      if (before != null) {
        throw new CliException(option + " " + key + " is given twice ('" + before + "' and '" + value
            + "'); give it once");
      }
    }
    return out;
  }
}
