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

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  public boolean isFinal() {
    return this != RUNNING;
  }
}
