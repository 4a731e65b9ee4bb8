package io.kakehashi.slurm;

import java.util.ArrayList;
import java.util.List;

/** Reads Slurm's array index notation: {@code 0-9}, {@code 1,3,5-7}, {@code 0-15:4}, {@code %} throttle. */
final class ArrayIndices {
  private ArrayIndices() {}

  static List<Integer> parse(String spec) {
    List<Integer> out = new ArrayList<>();
    String s = spec == null ? "" : spec.strip();
    int pct = s.indexOf('%');
    if (pct >= 0) s = s.substring(0, pct);
    if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
    if (s.isEmpty()) return out;
    for (String part : s.split(",")) {
      String range = part;
      int step = 1;
      int colon = part.indexOf(':');
      if (colon >= 0) {
        step = Integer.parseInt(part.substring(colon + 1));
        range = part.substring(0, colon);
      }
      int dash = range.indexOf('-');
      int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
      int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
      for (int i = from; i <= to; i += Math.max(1, step)) out.add(i);
    }
    return out;
  }
}
