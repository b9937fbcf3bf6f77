package dev.flowc.runtime;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of a job and the transitions allowed between them (see {@code docs/runtime.md}).
 * Stores guard every transition in SQL by the state it leaves; this table is the reference they and
 * the tests check against.
 */
public enum JobState {
  /** Waiting for dependencies to complete. */
  BLOCKED,
  /** Ready; runs at or after its {@code run_at}. */
  PENDING,
  /** Claimed by a worker, under a lease. */
  RUNNING,
  /** An attempt failed; the next one is due at {@code run_at}. */
  RETRYING,
  /** Succeeded; the result is stored. */
  COMPLETE,
  /** Retries exhausted or a non-retryable error; listed in dead letters. */
  DEAD,
  /** Cancelled by a user, or because a dependency is dead or cancelled. */
  CANCELLED,
  /**
   * Did not run, for good: its {@code when} was false, or a dependency it does not read the state
   * of was skipped. Its result is {@code null}; replay never touches it.
   */
  SKIPPED;

  private static final Map<JobState, Set<JobState>> ALLOWED =
      Map.of(
          // The last four at the job's gate (docs/runtime.md, version 2): its when false or a
          // dependency skipped; its when in error or a fan-out that cannot be made; a fanned-out
          // stage's items made (running until they end); a fan-out over an empty list.
          BLOCKED, EnumSet.of(PENDING, CANCELLED, SKIPPED, DEAD, RUNNING, COMPLETE),
          PENDING, EnumSet.of(RUNNING, CANCELLED),
          RUNNING, EnumSet.of(COMPLETE, RETRYING, DEAD, CANCELLED, PENDING),
          RETRYING, EnumSet.of(RUNNING, CANCELLED),
          COMPLETE, EnumSet.noneOf(JobState.class),
          // RUNNING: a fanned-out stage whose dead item is replayed.
          DEAD, EnumSet.of(PENDING, RUNNING),
          CANCELLED, EnumSet.of(BLOCKED, PENDING),
          SKIPPED, EnumSet.noneOf(JobState.class));

  // Stores read and write states by label for every job they touch: no case conversion each time.
  private static final Map<String, JobState> BY_LABEL = new java.util.HashMap<>();

  static {
    for (JobState state : values()) {
      BY_LABEL.put(state.label(), state);
    }
  }

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The name used in the store, the JSON output and the docs: {@code pending}, ... */
  public String label() {
    return label;
  }

  /** The state named {@code label}. */
  public static JobState fromLabel(String label) {
    JobState state = BY_LABEL.get(label);
    return state != null ? state : valueOf(label.toUpperCase(Locale.ROOT));
  }

  /** Whether the job is done: complete, dead, cancelled or skipped. */
  public boolean isFinal() {
    return this == COMPLETE || this == DEAD || this == CANCELLED || this == SKIPPED;
  }

  /** Whether a job may go from this state to {@code next}. */
  public boolean canMoveTo(JobState next) {
    return ALLOWED.get(this).contains(next);
  }
}
