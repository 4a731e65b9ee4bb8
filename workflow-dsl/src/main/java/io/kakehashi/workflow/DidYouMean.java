package io.kakehashi.workflow;

import java.util.Collection;
import java.util.Locale;

/** The known name closest to a misspelt one, for "did you mean" in error messages. */
public final class DidYouMean {
  private DidYouMean() {}

  /** {@code " (did you mean 'x'?)"} for the closest of {@code known} within a few edits, else "". */
  public static String suggest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(typed.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // A third of the name may be wrong (transposed, missing or extra letters), at least two edits.
    return best != null && bestDistance <= Math.max(2, typed.length() / 3) ? " (did you mean '" + best + "'?)" : "";
  }

  /** Optimal string alignment distance: Levenshtein with transpositions ("exectuor"). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
