package dev.flowc.compiler.diagnostic;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code word}, if one is close enough to be a likely typo: a few edits
   * away (ignoring case; a transposition counts as one edit), or the same stem ({@code retry} for
   * {@code retries}). Ties go to the earlier candidate.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String prefixMatch = null;
    for (String candidate : candidates) {
      if (candidate.equals(word)) {
        continue;
      }
      if (prefixMatch == null && isAbbreviation(word, candidate)) {
        prefixMatch = candidate;
      }
      int limit = Math.min(maxDistance(word, candidate), bestDistance - 1);
      if (Math.abs(word.length() - candidate.length()) > limit) {
        continue;
      }
      int distance = distance(word, candidate, limit);
      if (distance <= limit && isClose(word, candidate, distance)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best != null ? best : prefixMatch);
  }

  /** Whether one word starts with the other, which has at least three letters. */
  private static boolean isAbbreviation(String word, String candidate) {
    String shorter = word.length() < candidate.length() ? word : candidate;
    String longer = shorter == word ? candidate : word;
    return shorter.length() >= 3 && longer.regionMatches(true, 0, shorter, 0, shorter.length());
  }

  /** A {@code did you mean 'x'?} help note, if a candidate is close enough. */
  public static Optional<Note> didYouMean(String word, Collection<String> candidates) {
    return closest(word, candidates).map(s -> Note.help("did you mean '" + s + "'?"));
  }

  /** The most edits {@link #isClose} could accept between these two words. */
  private static int maxDistance(String word, String candidate) {
    int shorter = Math.min(word.length(), candidate.length());
    return Math.max(Math.max(1, shorter / 3), shorter / 2 + 1);
  }

  private static boolean isClose(String word, String candidate, int distance) {
    int shorter = Math.min(word.length(), candidate.length());
    if (distance <= Math.max(1, shorter / 3)) {
      return true;
    }
    int common = 0;
    while (common < shorter && same(word.charAt(common), candidate.charAt(common))) {
      common++;
    }
    return common >= 4 && distance <= shorter / 2 + 1;
  }

  /** The optimal string alignment distance ignoring case. */
  static int distance(String a, String b) {
    return distance(a, b, Integer.MAX_VALUE);
  }

  /**
   * The optimal string alignment distance ignoring case (insertions, deletions, substitutions,
   * transpositions), or some value above {@code limit} as soon as the distance must exceed it.
   */
  static int distance(String a, String b, int limit) {
    int[] before = new int[b.length() + 1];
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = same(a.charAt(i - 1), b.charAt(j - 1)) ? 0 : 1;
        int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1
            && j > 1
            && same(a.charAt(i - 1), b.charAt(j - 2))
            && same(a.charAt(i - 2), b.charAt(j - 1))) {
          d = Math.min(d, before[j - 2] + 1);
        }
        current[j] = d;
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > limit) {
        return rowMin;
      }
      int[] recycled = before;
      before = previous;
      previous = current;
      current = recycled;
    }
    return previous[b.length()];
  }

  private static boolean same(char a, char b) {
    return a == b || Character.toLowerCase(a) == Character.toLowerCase(b);
  }
}
