package dev.flowc.compiler.diagnostic;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" suggestions by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code word}, if one is close enough to be a likely typo: a few edits
   * away (transpositions count as one), the same ignoring case, or the same stem ({@code retry} for
   * {@code retries}). Ties go to the earlier candidate.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate.equals(word)) {
        continue;
      }
      int distance = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance && isClose(word, candidate, distance)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code " (did you mean 'x'?)"}-style help text, or empty. */
  public static Optional<Note> didYouMean(String word, Collection<String> candidates) {
    return closest(word, candidates).map(s -> Note.help("did you mean '" + s + "'?"));
  }

  private static boolean isClose(String word, String candidate, int distance) {
    int shorter = Math.min(word.length(), candidate.length());
    if (distance == 0) {
      return true;
    }
    if (distance <= Math.max(1, shorter / 3)) {
      return true;
    }
    int common = 0;
    while (common < shorter
        && Character.toLowerCase(word.charAt(common))
            == Character.toLowerCase(candidate.charAt(common))) {
      common++;
    }
    return common >= 4 && distance <= shorter / 2 + 1;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
