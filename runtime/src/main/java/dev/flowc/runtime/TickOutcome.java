package dev.flowc.runtime;

import java.time.Instant;

/**
 * What one due tick of a schedule did: made a run, or was skipped with a reason.
 *
 * @param schedule the schedule's name
 * @param tick the tick
 * @param runId the run it made, or {@code null} when it was skipped
 * @param skippedReason why it made no run, or {@code null} when it made one
 */
public record TickOutcome(String schedule, Instant tick, Long runId, String skippedReason) {}
