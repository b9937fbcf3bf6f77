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
 */
public record JobEvent(
    long jobId, Long runId, String stage, JobState state, int attempt, int progress, Instant at) {

  /** Whether this event reports progress rather than a state change. */
  public boolean isProgress() {
    return progress >= 0;
  }
}
