package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.store.Lease;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A worker's "this job completed" as a write op: on its own it runs {@link JobTransitions#complete}
 * (and keeps the attempt's log), and a {@link WriteBatch} may run several together in one statement
 * ({@link JobTransitions#completeMany} with arrays, {@link CompletionValues} with a VALUES list).
 *
 * @param result the result as JSON text
 * @param startedAt the attempt's start when it is not written yet, or {@code null}
 * @param log the attempt's captured output, or {@code null}
 * @param next the claim to make once the transaction's ops were applied, or {@code null}
 */
record Completion(
    Lease lease,
    String result,
    Instant startedAt,
    AttemptLogs.Encoded log,
    ClaimAfterCompletion next)
    implements WriteOp<Boolean> {
  /** A completion that claims nothing after it. */
  Completion(Lease lease, String result, Instant startedAt, AttemptLogs.Encoded log) {
    this(lease, result, startedAt, log, null);
  }

  @Override
  public Boolean apply(WriteTx tx) throws SQLException {
    boolean applied =
        AttemptLogs.insertIf(JobTransitions.complete(tx, lease, result, startedAt), tx, lease, log);
    // The gates of the children it released (language version 2), in its transaction.
    Gates.drainGates(tx);
    return applied;
  }
}
