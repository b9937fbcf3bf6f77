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
    Long cancelledBy) {}
