package dev.flowc.runtime.store.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the ops a transaction strategy gathered into one shared transaction (workers' outcomes,
 * mostly completions), in their order.
 *
 * <p>Where the dialect can ({@link Dialect#batchesCompletions}), two things change, and nothing
 * else: completions that follow each other go to the database as one statement, not one each (a
 * round trip per job would set the pace of short jobs); and before any op runs, the blocked
 * children of every completion of the batch are locked in id order. Two transactions that complete
 * parents of the same children then lock those children in the same order, whatever the order of
 * their completions, so they cannot deadlock (PostgreSQL would break the cycle only after {@code
 * deadlock_timeout}, 1 s by default, of a stalled committer).
 *
 * <p>Elsewhere (SQLite: one writer, nothing to lock), completions that follow each other still
 * share statements, in chunks of a VALUES list ({@link CompletionValues}).
 *
 * <p>Completions that asked to claim after them ({@link ClaimAfterCompletion}) claim right after
 * their statement, before any later op of the batch: a worker's claim queued behind them would
 * otherwise take the jobs they made ready for their own worker. When that claim is the last
 * statement of the transaction, it may carry the commit ({@link Dialect#commitWithLastStatement}).
 */
public final class WriteBatch {
  private WriteBatch() {}

  /** Applies {@code ops} in {@code tx}, in order, and returns their values in the same order. */
  public static List<Object> apply(WriteTx tx, List<? extends WriteOp<?>> ops) throws SQLException {
    List<Object> values = new ArrayList<>(ops.size());
    if (!tx.dialect().batchesCompletions()) {
      // No arrays (SQLite): completions that follow each other share a VALUES list instead.
      int i = 0;
      while (i < ops.size()) {
        List<Completion> run = completionsFrom(ops, i);
        if (run.size() > 1) {
          values.addAll(CompletionValues.apply(tx, run));
          i += run.size();
        } else {
          values.add(ops.get(i).apply(tx));
          i++;
        }
        ClaimAfterCompletion.claimAll(tx, run, false);
      }
      return values;
    }
    List<Completion> completions = new ArrayList<>();
    for (WriteOp<?> op : ops) {
      if (op instanceof Completion completion) {
        completions.add(completion);
      }
    }
    if (completions.size() > 1) {
      // One completion alone locks its children in id order too (its release's index scan).
      JobTransitions.lockChildren(tx, completions);
    }
    int i = 0;
    while (i < ops.size()) {
      if (!(ops.get(i) instanceof Completion)) {
        values.add(ops.get(i).apply(tx));
        i++;
        continue;
      }
      List<Completion> run = new ArrayList<>();
      while (i < ops.size() && ops.get(i) instanceof Completion completion) {
        run.add(completion);
        i++;
      }
      if (run.size() == 1) {
        values.add(run.get(0).apply(tx));
      } else {
        values.addAll(JobTransitions.completeMany(tx, run));
      }
      ClaimAfterCompletion.claimAll(tx, run, i == ops.size());
    }
    return values;
  }

  /** The completions that follow each other in {@code ops} from {@code from}. */
  private static List<Completion> completionsFrom(List<? extends WriteOp<?>> ops, int from) {
    List<Completion> run = new ArrayList<>();
    for (int i = from; i < ops.size() && ops.get(i) instanceof Completion completion; i++) {
      run.add(completion);
    }
    return run;
  }
}
