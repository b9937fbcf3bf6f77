package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.StoreException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A write queued for a shared transaction, and the future its caller waits on: what both stores'
 * transaction strategies hold (SQLite's single writer, PostgreSQL's committers), with the parts of
 * committing a batch that do not depend on the store.
 *
 * @param op the write
 * @param future completes with the write's value once its transaction committed
 */
public record PendingWrite<T>(WriteOp<T> op, CompletableFuture<T> future) {

  /** Commits a batch of writes in one transaction. */
  @FunctionalInterface
  public interface Commit {
    /**
     * Runs {@code batch} in one transaction and commits it, completing each write's future with its
     * value ({@link #completeAll}) after the commit.
     */
    void commit(List<PendingWrite<?>> batch) throws SQLException;
  }

  /** A write whose future is not completed yet. */
  public static <T> PendingWrite<T> of(WriteOp<T> op) {
    return new PendingWrite<>(op, new CompletableFuture<>());
  }

  /**
   * Runs {@code batch} in one transaction; when that fails, runs each write in a transaction of its
   * own, so that one bad write does not fail the others, and fails only the writes that fail alone
   * (with {@code translate} of an {@link SQLException}).
   */
  public static void commitOrEachAlone(
      List<PendingWrite<?>> batch,
      Commit commit,
      Function<SQLException, RuntimeException> translate) {
    try {
      commit.commit(batch);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).fail(e, translate);
        return;
      }
      for (PendingWrite<?> pending : batch) {
        try {
          commit.commit(List.of(pending));
        } catch (SQLException | RuntimeException single) {
          pending.fail(single, translate);
        }
      }
    }
  }

  /** Applies the writes of {@code batch} in {@code tx}, in order ({@link WriteBatch#apply}). */
  public static List<Object> apply(WriteTx tx, List<PendingWrite<?>> batch) throws SQLException {
    List<WriteOp<?>> ops = new ArrayList<>(batch.size());
    for (PendingWrite<?> pending : batch) {
      ops.add(pending.op());
    }
    return WriteBatch.apply(tx, ops);
  }

  /** Completes each write of {@code batch} with its value: call once the transaction committed. */
  public static void completeAll(List<PendingWrite<?>> batch, List<Object> values) {
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).complete(values.get(i));
    }
  }

  /**
   * Waits for {@code future} and returns its value, rethrowing its failure as it was thrown (a
   * {@link StoreException}, another runtime exception or an error).
   */
  public static <T> T join(CompletableFuture<T> future, String location) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new StoreException("store '" + location + "': " + e.getCause(), e.getCause());
    }
  }

  @SuppressWarnings("unchecked") // WriteBatch returns each op's own value
  private void complete(Object value) {
    future.complete((T) value);
  }

  private void fail(Exception e, Function<SQLException, RuntimeException> translate) {
    future.completeExceptionally(e instanceof SQLException sql ? translate.apply(sql) : e);
  }
}
