package dev.flowc.runtime.store;

import dev.flowc.dag.Plan;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A plan to store as a run.
 *
 * @param plan the plan
 * @param baseDirectory the directory relative paths resolve against, or {@code null}
 * @param stored told, on the submitting thread, how many of the plan's jobs are stored so far (none
 *     of them visible yet) after each transaction of a plan submitted in several (see {@link
 *     JobStore#createRun}); an exception it throws abandons the submit, which then leaves nothing
 * @param key the run's idempotency key, or {@code null} (see {@link JobStore#submitRun})
 * @param scheduledAt the schedule tick that makes the run, or {@code null}
 */
public record NewRun(
    Plan plan, String baseDirectory, IntConsumer stored, String key, Instant scheduledAt) {
  public NewRun {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(stored, "stored");
  }

  /** A plan to store without key, nobody told of a large plan's progress. */
  public NewRun(Plan plan, String baseDirectory) {
    this(plan, baseDirectory, count -> {}, null, null);
  }

  /** A plan to store without key. */
  public NewRun(Plan plan, String baseDirectory, IntConsumer stored) {
    this(plan, baseDirectory, stored, null, null);
  }

  /** This run under the idempotency key {@code key}. */
  public NewRun withKey(String key) {
    return new NewRun(plan, baseDirectory, stored, key, scheduledAt);
  }
}
