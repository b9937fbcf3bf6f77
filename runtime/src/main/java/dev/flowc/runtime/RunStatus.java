package dev.flowc.runtime;

import java.util.Locale;

/** The status of a run, derived from its jobs' states. */
public enum RunStatus {
  /** Some job is not final. */
  RUNNING,
  /** Every job is complete. */
  COMPLETE,
  /** Every job is final and at least one is dead. */
  FAILED,
  /** The run was cancelled, or every job is final and some were cancelled by a user. */
  CANCELLED;

  /** The lower-case name, as stored and printed ({@code running}, ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status of a {@link #label()}. */
  public static RunStatus fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  /** Whether the run has ended (every status but {@link #RUNNING}). */
  public boolean isFinal() {
    return this != RUNNING;
  }
}
