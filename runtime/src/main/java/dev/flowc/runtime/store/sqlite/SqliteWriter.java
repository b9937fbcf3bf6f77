package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.jdbc.Dialect;
import dev.flowc.runtime.store.jdbc.StoreEvents;
import dev.flowc.runtime.store.jdbc.WriteOp;
import dev.flowc.runtime.store.jdbc.WriteTx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store's only writer: one thread, one connection, group commit. Writes queue up while a
 * transaction commits and the next transaction takes all of them (up to {@link #MAX_BATCH}), so
 * under load many completions share one commit, and when idle a write commits at once.
 */
final class SqliteWriter implements AutoCloseable {
  static final int MAX_BATCH = 512;
  private static final Logger LOG = Logger.getLogger(SqliteWriter.class.getName());

  private record Pending<T>(WriteOp<T> op, CompletableFuture<T> future) {
    void apply(WriteTx tx, List<Runnable> done) throws SQLException {
      T value = op.apply(tx);
      done.add(() -> future.complete(value));
    }
  }

  private final Connection connection;
  private final String location;
  private final Clock clock;
  private final Dialect dialect;
  private final StoreEvents events;
  private final Map<String, PreparedStatement> statements = WriteTx.newCache();
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  // Orders submit against close: no write can be queued behind the stop marker and never run.
  private final Object gate = new Object();
  private final Pending<Void> stopMarker = new Pending<>(tx -> null, new CompletableFuture<>());

  SqliteWriter(
      Connection connection, String location, Clock clock, Dialect dialect, StoreEvents events) {
    this.connection = connection;
    this.location = location;
    this.clock = clock;
    this.dialect = dialect;
    this.events = events;
    this.thread = new Thread(this::loop, "flowc-sqlite-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code op}; the future completes after its transaction commits. */
  <T> CompletableFuture<T> submit(WriteOp<T> op) {
    CompletableFuture<T> future = new CompletableFuture<>();
    synchronized (gate) {
      if (closed) {
        future.completeExceptionally(new StoreException("store '" + location + "' is closed"));
        return future;
      }
      queue.add(new Pending<>(op, future));
    }
    return future;
  }

  /** Runs {@code op} and waits for its commit, rethrowing its exception as is. */
  <T> T call(WriteOp<T> op) {
    try {
      return submit(op).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new StoreException("store '" + location + "': " + e.getCause(), e.getCause());
    }
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // Only stopMarker ends the loop, so nothing queued is dropped.
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(stopMarker);
      if (!batch.isEmpty()) {
        runBatch(batch);
      }
      batch.clear();
      if (stop) {
        List<Pending<?>> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.remove(stopMarker);
        if (!rest.isEmpty()) {
          runBatch(rest);
        }
        stopMarker.future().complete(null);
        return;
      }
    }
  }

  private void runBatch(List<Pending<?>> batch) {
    try {
      commit(batch);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        fail(batch.get(0), e);
        return;
      }
      // One op failed (or the commit did): give each its own transaction, so one bad op does not
      // fail the others.
      for (Pending<?> pending : batch) {
        try {
          commit(List.of(pending));
        } catch (SQLException | RuntimeException single) {
          fail(pending, single);
        }
      }
    }
  }

  private void fail(Pending<?> pending, Exception e) {
    if (e instanceof SQLException sql) {
      pending.future().completeExceptionally(SqliteErrors.translate(location, "write to", sql));
    } else {
      pending.future().completeExceptionally(e);
    }
  }

  private void commit(List<Pending<?>> batch) throws SQLException {
    // No retry when another process holds the lock: the connection's busy handler (LockWait)
    // already waited the store's whole lock timeout.
    commitOnce(batch);
  }

  private void commitOnce(List<Pending<?>> batch) throws SQLException {
    WriteTx tx = new WriteTx(connection, statements, events.wanted(), clock.millis(), dialect);
    List<Runnable> done = new ArrayList<>(batch.size());
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        for (Pending<?> pending : batch) {
          pending.apply(tx, done);
        }
        tx.finish();
        statement.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        try {
          statement.execute("ROLLBACK");
          // The statements are cached: rows added to a batch that never ran must not reach the
          // next transaction.
          for (PreparedStatement cached : statements.values()) {
            cached.clearBatch();
          }
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
    done.forEach(Runnable::run);
    events.committed(tx);
  }

  @Override
  public void close() {
    synchronized (gate) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stopMarker);
    }
    try {
      stopMarker.future().get(30, TimeUnit.SECONDS);
      thread.join(5_000);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "the writer did not stop in time", e);
    }
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // Closing anyway.
      }
    }
  }
}
