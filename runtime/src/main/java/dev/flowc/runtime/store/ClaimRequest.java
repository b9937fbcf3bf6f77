package dev.flowc.runtime.store;

import java.time.Instant;
import java.util.Set;

/**
 * What a worker asks for: up to {@code limit} ready jobs of {@code queues} (all when empty) but not
 * of {@code excludedQueues}, of one run or any, due at {@code now}, of a priority above {@code
 * abovePriority} (any when {@code null}), leased to {@code owner} until {@code leaseUntil}.
 */
public record ClaimRequest(
    String owner,
    Set<String> queues,
    Set<String> excludedQueues,
    Long runId,
    int limit,
    Instant now,
    Instant leaseUntil,
    Integer abovePriority) {
  /** Copies the queue sets. */
  public ClaimRequest {
    queues = Set.copyOf(queues);
    excludedQueues = Set.copyOf(excludedQueues);
  }

  /** A request for ready jobs of any priority. */
  public ClaimRequest(
      String owner,
      Set<String> queues,
      Set<String> excludedQueues,
      Long runId,
      int limit,
      Instant now,
      Instant leaseUntil) {
    this(owner, queues, excludedQueues, runId, limit, now, leaseUntil, null);
  }

  /** This request for the jobs due by {@code when}. */
  public ClaimRequest dueBy(Instant when) {
    return new ClaimRequest(
        owner, queues, excludedQueues, runId, limit, when, leaseUntil, abovePriority);
  }

  /** This request for jobs of a priority above {@code priority} only. */
  public ClaimRequest above(int priority) {
    return new ClaimRequest(owner, queues, excludedQueues, runId, limit, now, leaseUntil, priority);
  }
}
