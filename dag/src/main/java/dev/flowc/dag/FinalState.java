package dev.flowc.dag;

import java.util.Locale;

/**
 * The final states a stage can be in when a {@code when} reads it ({@code STAGE.state}): its {@link
 * #text()} is what the expression compares with.
 */
public enum FinalState {
  /** The stage ran and completed (every item, for a fanned-out stage). */
  COMPLETE,
  /** The stage failed for good (an item of it, for a fanned-out stage). */
  DEAD,
  /** The stage was cancelled, by hand or because a dependency died. */
  CANCELLED,
  /** The stage did not run: its {@code when} was false, or a dependency was skipped. */
  SKIPPED;

  /** The state as the language writes it: {@code "complete"}, {@code "dead"}, ... */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state written {@code text}, or {@code null} when no state is written so. */
  public static FinalState fromText(String text) {
    for (FinalState state : values()) {
      if (state.text().equals(text)) {
        return state;
      }
    }
    return null;
  }
}
