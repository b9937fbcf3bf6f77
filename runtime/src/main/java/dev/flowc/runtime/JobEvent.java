package dev.flowc.runtime;

import java.time.Instant;

/**
 * Something that happened to a job in this process: a state change or new progress.
 *
 * @param jobId the job
 * @param runId its run, or {@code null}
 * @param stage its stage
 * @param state its state after the event
 * @param attempt its attempt count after the event
 * @param progress its progress, or -1 when the event does not carry one
 * @param at when it happened
 * @param startedAt on a completion, when the attempt's handler started (the attempt's duration runs
 *     from it to {@code at}); otherwise {@code null}
 */
public record JobEvent(
    long jobId,
    Long runId,
    String stage,
    JobState state,
    int attempt,
    int progress,
    Instant at,
    Instant startedAt) {

  /** An event without a start. */
  public JobEvent(
      long jobId, Long runId, String stage, JobState state, int attempt, int progress, Instant at) {
    this(jobId, runId, stage, state, attempt, progress, at, null);
  }

  /** Whether this event reports progress rather than a state change. */
  public boolean isProgress() {
    return progress >= 0;
  }
}
