package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The claim a completion makes in its own transaction ({@link
 * dev.flowc.runtime.store.JobStore#completeThenClaim}), run right after its completion's statement
 * ({@link WriteBatch}), and the jobs it took. Those are the caller's only once the transaction
 * committed: a transaction run again (after a deadlock, or alone after its batch failed) claims
 * again, and one that rolled back claimed nothing.
 */
final class ClaimAfterCompletion {
  /** The run's base directory, read in the claiming transaction the first time. */
  @FunctionalInterface
  interface BaseDirectories {
    String of(WriteTx tx, long runId);
  }

  private final ClaimRequest request;
  private final BaseDirectories baseDirectories;
  private volatile List<ClaimedJob> claimed = List.of();

  ClaimAfterCompletion(ClaimRequest request, BaseDirectories baseDirectories) {
    this.request = request;
    this.baseDirectories = baseDirectories;
  }

  /** What makes the requests of one worker one claim: all but the limit and the times. */
  private record Asker(String owner, Set<String> queues, Set<String> excluded, Long runId) {
    Asker(ClaimRequest request) {
      this(request.owner(), request.queues(), request.excludedQueues(), request.runId());
    }
  }

  /**
   * Makes the claims of the completions among {@code ops}, in {@code tx}: one per worker, for the
   * largest of its requests (each asked for the worker's free places when its job ended, the same
   * places), whose jobs go to the completion of that request.
   */
  static void claimAll(WriteTx tx, List<? extends WriteOp<?>> ops, boolean lastOps)
      throws SQLException {
    Map<Asker, ClaimAfterCompletion> byWorker = new LinkedHashMap<>();
    for (WriteOp<?> op : ops) {
      if (op instanceof Completion completion && completion.next() != null) {
        ClaimAfterCompletion next = completion.next();
        next.claimed = List.of();
        byWorker.merge(new Asker(next.request), next, ClaimAfterCompletion::larger);
      }
    }
    if (byWorker.isEmpty() || !tx.claimsAfterCompletions()) {
      return; // the dispatchers claim, woken by the commit
    }
    int left = byWorker.size();
    for (ClaimAfterCompletion next : byWorker.values()) {
      next.claimIn(tx, lastOps && --left == 0);
    }
  }

  /** The one of two requests of a worker that asks for more (the first of equals). */
  private static ClaimAfterCompletion larger(ClaimAfterCompletion a, ClaimAfterCompletion b) {
    return b.request.limit() > a.request.limit() ? b : a;
  }

  /**
   * Claims in {@code tx} when it made jobs of the request's queues ready. Durably, unlike a claim
   * alone: its transaction records a completion, whose commit must wait for the disk. With {@code
   * last}, no op of the batch follows.
   */
  private void claimIn(WriteTx tx, boolean last) throws SQLException {
    if (!madeReady(tx)) {
      return;
    }
    LongFunction<String> directories = runId -> baseDirectories.of(tx, runId);
    // The last statement of its transaction carries the commit where it can: a chain's step is then
    // two round trips (the completion, the claim with the commit), not three.
    String commit = last && tx.nothingToFinish() ? tx.dialect().commitWithLastStatement() : null;
    JobTransitions.Claimed claim =
        JobTransitions.claimUnlimitedDurably(tx, dueAtCommit(tx), directories, commit);
    claimed = claim.jobs();
    // Short, with no queue limited anywhere, for any run: nothing ready is left in its queues but
    // what other claims hold locked, so the jobs this transaction made ready there need no wake-up
    // (a NOTIFY, and a claim in every worker it wakes, that would all find nothing).
    if (claimed.size() < request.limit()
        && Boolean.FALSE.equals(claim.anyQueueLimited())
        && request.runId() == null
        && request.abovePriority() == null) {
      tx.claimedEveryReadyJobOf(request.queues(), request.excludedQueues());
    }
  }

  /**
   * The request, for the jobs due by the transaction's time: the children it released are due then,
   * which is after the worker asked.
   */
  private ClaimRequest dueAtCommit(WriteTx tx) {
    java.time.Instant now = java.time.Instant.ofEpochMilli(tx.now());
    return now.isAfter(request.now()) ? request.dueBy(now) : request;
  }

  /** The jobs claimed by the last transaction that ran this; read once it committed. */
  List<ClaimedJob> claimed() {
    return claimed;
  }

  /** Whether {@code tx} made a job of a queue the request serves ready, as far as it knows. */
  private boolean madeReady(WriteTx tx) {
    if (!tx.readied()) {
      return false;
    }
    Set<String> readied = tx.readiedQueues();
    if (readied.isEmpty()) {
      return true; // a queue not known: any may have a job
    }
    for (String queue : readied) {
      boolean asked = request.queues().isEmpty() || request.queues().contains(queue);
      if (asked && !request.excludedQueues().contains(queue)) {
        return true;
      }
    }
    return false;
  }
}
