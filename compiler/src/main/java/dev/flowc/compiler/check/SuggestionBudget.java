package dev.flowc.compiler.check;

import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import java.util.Collection;
import java.util.Optional;

/**
 * Bounds the work one file spends on "did you mean" suggestions. Each unknown name is compared with
 * every candidate, so a generated pipeline with thousands of stages and thousands of bad references
 * would otherwise take minutes; past the budget, diagnostics come without a suggestion. The budget
 * covers hundreds of typos in a pipeline of ten thousand stages.
 */
final class SuggestionBudget {
  /** About half a second of comparisons on the machine of docs/performance.md. */
  static final long COMPARISONS = 5_000_000;

  private long spent;

  Optional<Note> didYouMean(String word, Collection<String> candidates) {
    spent += candidates.size();
    return spent > COMPARISONS ? Optional.empty() : Suggestions.didYouMean(word, candidates);
  }
}
