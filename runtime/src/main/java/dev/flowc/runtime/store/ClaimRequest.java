package dev.flowc.runtime.store;

import java.time.Instant;
import java.util.Set;

/**
 * What a worker asks for: up to {@code limit} ready jobs of {@code queues} (all when empty) but not
 * of {@code excludedQueues}, of one run or any, due at {@code now}, leased to {@code owner} until
 * {@code leaseUntil}.
 */
public record ClaimRequest(
    String owner,
    Set<String> queues,
    Set<String> excludedQueues,
    Long runId,
    int limit,
    Instant now,
    Instant leaseUntil) {
  /** Copies the queue sets. */
  public ClaimRequest {
    queues = Set.copyOf(queues);
    excludedQueues = Set.copyOf(excludedQueues);
  }
}
