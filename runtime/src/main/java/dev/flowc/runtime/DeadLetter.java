package dev.flowc.runtime;

import java.time.Instant;

/**
 * A job that died, as listed by {@link FlowRuntime#deadLetters(int)} until it is replayed.
 *
 * @param id the dead letter's id
 * @param jobId the dead job
 * @param runId its run, or {@code null}
 * @param stage its stage
 * @param handler its handler
 * @param queue its queue
 * @param error the last error's {@code Class: message}
 * @param attempts attempts made
 * @param failedAt when it died
 */
public record DeadLetter(
    long id,
    long jobId,
    Long runId,
    String stage,
    String handler,
    String queue,
    String error,
    int attempts,
    Instant failedAt) {}
