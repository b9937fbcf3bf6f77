package dev.flowc.runtime;

import java.time.Instant;

/**
 * A job as listed in a run: its state and counters, without input, result or history.
 *
 * @param id the job's id
 * @param runId its run's id, or {@code null} for a job enqueued on its own
 * @param stage the stage name
 * @param handler the handler name
 * @param queue the queue
 * @param priority higher runs first
 * @param state the current state
 * @param attempts attempts started so far
 * @param maxRetries retries allowed after the first attempt
 * @param reclaims how many times a worker lost the job (lease expired), apart from attempts
 * @param progress 0..100
 * @param createdAt when it was created
 * @param startedAt when its latest attempt started, or {@code null}
 * @param finishedAt when it became final, or {@code null}
 * @param runAt when it may run next
 * @param lastError the last error's {@code Class: message}, or {@code null}
 * @param cancelledBy the job whose death or cancellation cancelled this one, or {@code null}
 * @param groupId for an item of a fanned-out stage, the stage's job; else {@code null}
 * @param itemIndex for an item, its 0-based index in the stage's list; else {@code null}
 * @param items for a fanned-out stage's job, how many items it made ({@code null} until they are
 *     made, and for any other job)
 * @param skipReason for a skipped job, why: its {@code when} was false, or which dependency was
 *     skipped; else {@code null}
 */
public record JobSummary(
    long id,
    Long runId,
    String stage,
    String handler,
    String queue,
    int priority,
    JobState state,
    int attempts,
    int maxRetries,
    int reclaims,
    int progress,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant runAt,
    String lastError,
    Long cancelledBy,
    Long groupId,
    Integer itemIndex,
    Integer items,
    String skipReason) {

  /** A job of language version 1: not an item, not fanned out, not skipped. */
  public JobSummary(
      long id,
      Long runId,
      String stage,
      String handler,
      String queue,
      int priority,
      JobState state,
      int attempts,
      int maxRetries,
      int reclaims,
      int progress,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      Instant runAt,
      String lastError,
      Long cancelledBy) {
    this(
        id,
        runId,
        stage,
        handler,
        queue,
        priority,
        state,
        attempts,
        maxRetries,
        reclaims,
        progress,
        createdAt,
        startedAt,
        finishedAt,
        runAt,
        lastError,
        cancelledBy,
        null,
        null,
        null,
        null);
  }

  /** Whether the job is an item of a fanned-out stage. */
  public boolean isItem() {
    return groupId != null;
  }

  /** Whether the job is a fanned-out stage whose items were made. */
  public boolean isFannedOut() {
    return items != null;
  }
}
