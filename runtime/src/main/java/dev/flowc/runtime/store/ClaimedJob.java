package dev.flowc.runtime.store;

import dev.flowc.dag.Backoff;

/**
 * A job a worker claimed, with what it needs to run it.
 *
 * @param lease the claim's fence
 * @param runId the run, or {@code null}
 * @param stage the stage name
 * @param handler the handler name
 * @param queue the queue
 * @param priority the priority
 * @param attempt this attempt's number, counted over the job's life
 * @param attemptInBudget this attempt's number since the job was created or last replayed
 * @param maxAttempts the attempt number after which a failure makes it dead
 * @param backoff the retry delay
 * @param timeoutMs the hard timeout of one attempt, or {@code null}
 * @param input the input as stored, JSON text (result references not yet resolved)
 * @param metadata the metadata, JSON text
 * @param baseDirectory the run's base directory, or {@code null}
 * @param dependencyResults the results of its dependencies as the claim read them, in the store's
 *     own form ({@link JobStore#dependencyResults(ClaimedJob)} reads it), or {@code null} when the
 *     claim did not read them
 */
public record ClaimedJob(
    Lease lease,
    Long runId,
    String stage,
    String handler,
    String queue,
    int priority,
    int attempt,
    int attemptInBudget,
    int maxAttempts,
    Backoff backoff,
    Long timeoutMs,
    String input,
    String metadata,
    String baseDirectory,
    String dependencyResults) {

  /** The job's id. */
  public long id() {
    return lease.jobId();
  }
}
