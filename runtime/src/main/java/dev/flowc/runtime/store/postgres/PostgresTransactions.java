package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.jdbc.Dialect;
import dev.flowc.runtime.store.jdbc.PendingWrite;
import dev.flowc.runtime.store.jdbc.StoreEvents;
import dev.flowc.runtime.store.jdbc.WriteOp;
import dev.flowc.runtime.store.jdbc.WriteTx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The PostgreSQL store's transaction strategy: many transactions at once on a connection pool. A
 * {@link #call} runs on the caller's thread in its own transaction. A {@link #submit} (a worker's
 * outcomes: complete, fail, progress...) joins a queue that {@link #COMMITTERS} thread drains: it
 * takes everything queued, up to {@link #MAX_BATCH}, into one transaction, so under load many
 * outcomes share a commit and an idle store commits one at once (no wait to fill a batch). A
 * transaction that loses to a deadlock or a serialization failure runs again, up to {@link
 * #MAX_ATTEMPTS} times. Idempotent ones (the submitted outcomes, which their leases guard, and
 * {@link #callIdempotent}) also run again when the connection was lost, with backoff, for up to the
 * store's reconnect timeout ({@code StoreOptions.reconnectTimeout}, 30 s by default): a database
 * that restarts, or a network that comes back, costs a worker a pause, not its jobs.
 */
final class PostgresTransactions implements AutoCloseable {
  static final int MAX_BATCH = 256;

  /**
   * One: two committers of one process released the same children (a DAG's child waits on two
   * parents) in different orders and deadlocked, each deadlock costing PostgreSQL's {@code
   * deadlock_timeout} (1 s by default) of a stalled committer; one committer takes bigger batches
   * instead. Measured on a layered DAG of 6,000 no-op jobs in one process: 753 jobs/s with two (4
   * deadlocks), 1,301 with one (none).
   */
  static final int COMMITTERS = 1;

  static final int MAX_ATTEMPTS = 5;
  private static final Logger LOG = Logger.getLogger(PostgresTransactions.class.getName());

  private final DataSource pool;
  private final JobStatistics statistics;
  private final ReadyAnnouncer announcer;
  private final String location;
  private final Clock clock;
  private final Dialect dialect;
  private final StoreEvents events;
  private final Outage outage;
  private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
  private final List<Thread> committers = new ArrayList<>();
  private final Object gate = new Object();
  private volatile boolean closed;
  // Transactions run again because PostgreSQL chose them as a deadlock's victim: each cost a
  // deadlock_timeout (1 s by default) of waiting first. Counted so tests can say there were none.
  private final java.util.concurrent.atomic.AtomicLong deadlockRetries =
      new java.util.concurrent.atomic.AtomicLong();
  // Ops run in autocommit (callSingleWrite), counted so tests can say which way a write went.
  private final java.util.concurrent.atomic.AtomicLong singleWrites =
      new java.util.concurrent.atomic.AtomicLong();
  private final PendingWrite<Void> stopMarker = PendingWrite.of(tx -> null);

  PostgresTransactions(
      DataSource pool,
      String location,
      Clock clock,
      Dialect dialect,
      StoreEvents events,
      JobStatistics statistics,
      ReadyAnnouncer announcer,
      Outage outage) {
    this.pool = pool;
    this.outage = outage;
    this.statistics = statistics;
    this.announcer = announcer;
    this.location = location;
    this.clock = clock;
    this.dialect = dialect;
    this.events = events;
    for (int i = 0; i < COMMITTERS; i++) {
      Thread thread = new Thread(this::loop, "flowc-postgres-committer-" + i);
      thread.setDaemon(true);
      thread.start();
      committers.add(thread);
    }
  }

  /** Runs {@code op} in its own transaction on this thread, and returns once it committed. */
  <T> T call(WriteOp<T> op) {
    return call(op, false);
  }

  /** As {@link #call}, run again when the connection was lost. */
  <T> T callIdempotent(WriteOp<T> op) {
    return call(op, true);
  }

  /**
   * As {@link #call}, for an op whose one write is a single statement (see {@code
   * JdbcJobStore#callSingleWrite}): run in autocommit, so that the statement commits by itself,
   * without the round trips of a {@code BEGIN} and a {@code COMMIT}.
   */
  <T> T callSingleWrite(WriteOp<T> op) {
    singleWrites.incrementAndGet();
    return call(op, false, true);
  }

  /** How many ops were run in autocommit ({@link #callSingleWrite}), since the store opened. */
  long singleWrites() {
    return singleWrites.get();
  }

  private <T> T call(WriteOp<T> op, boolean idempotent) {
    return call(op, idempotent, false);
  }

  private <T> T call(WriteOp<T> op, boolean idempotent, boolean autoCommit) {
    if (closed) {
      throw new StoreException("store '" + location + "' is closed");
    }
    PendingWrite<T> pending = PendingWrite.of(op);
    PendingWrite.commitOrEachAlone(
        List.of(pending),
        writes -> commitWithRetries(writes, idempotent, autoCommit),
        e -> dialect.translate(location, "write to", e));
    return PendingWrite.join(pending.future(), location);
  }

  /** Queues {@code op} for a shared transaction; the future completes after its commit. */
  <T> CompletableFuture<T> submit(WriteOp<T> op) {
    PendingWrite<T> pending = PendingWrite.of(op);
    synchronized (gate) {
      if (closed) {
        pending
            .future()
            .completeExceptionally(new StoreException("store '" + location + "' is closed"));
      } else {
        queue.add(pending);
      }
    }
    return pending.future();
  }

  private void loop() {
    List<PendingWrite<?>> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // Only stopMarker ends the loop, so nothing queued is dropped.
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(stopMarker);
      if (!batch.isEmpty()) {
        run(batch, true);
      }
      batch.clear();
      if (stop) {
        // The other committers stop too; what is left is run before the last one goes.
        queue.add(stopMarker);
        return;
      }
    }
  }

  /**
   * Commits {@code batch} in one transaction, or each op alone when that fails; but not when the
   * database stayed out of reach: each op alone would wait out the reconnect timeout again (a batch
   * of three took four times as long to fail), and none of them is at fault.
   */
  private void run(List<PendingWrite<?>> batch, boolean idempotent) {
    Exception[] unreachable = {null};
    PendingWrite.commitOrEachAlone(
        batch,
        writes -> {
          if (unreachable[0] instanceof SQLException sql) {
            throw sql;
          } else if (unreachable[0] instanceof RuntimeException runtime) {
            throw runtime;
          }
          try {
            commitWithRetries(writes, idempotent, false);
          } catch (SQLException | RuntimeException e) {
            if (idempotent && !closed && PostgresErrors.isConnectionLost(e)) {
              unreachable[0] = e;
            }
            throw e;
          }
        },
        e -> dialect.translate(location, "write to", e));
  }

  private void commitWithRetries(
      List<PendingWrite<?>> batch, boolean idempotent, boolean autoCommit) throws SQLException {
    long pause = 100;
    for (int attempt = 1; ; attempt++) {
      // The timeout counts from the start of the first attempt that lost its connection: getting
      // one from the pool alone may take the connect timeout.
      long attemptStart = System.nanoTime();
      try {
        commitOnce(batch, autoCommit);
        outage.reached();
        return;
      } catch (SQLException | RuntimeException e) {
        if (e instanceof SQLException sql && dialect.isRetryable(sql) && attempt < MAX_ATTEMPTS) {
          if (PostgresErrors.isDeadlock(sql)) {
            deadlockRetries.incrementAndGet();
          }
          LOG.log(Level.FINE, "transaction lost to another, trying again", e);
          sleepQuietly(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
          continue;
        }
        if (!idempotent || closed || !PostgresErrors.isConnectionLost(e)) {
          throw e;
        }
        if (!outage.tryAgain(attemptStart)) {
          throw e;
        }
        LOG.log(Level.FINE, "the connection to the database was lost, trying again", e);
        sleepQuietly(pause);
        pause = Math.min(pause * 2, 2_000);
      }
    }
  }

  /**
   * Runs {@code batch} in one transaction and commits it; with {@code autoCommit}, its one op's
   * statements each commit by itself (see {@link #callSingleWrite}).
   */
  private void commitOnce(List<PendingWrite<?>> batch, boolean autoCommit) throws SQLException {
    Map<String, PreparedStatement> statements = new HashMap<>();
    List<Object> values;
    WriteTx tx;
    try (Connection connection = pool.getConnection()) {
      try {
        connection.setAutoCommit(autoCommit);
        tx = new WriteTx(connection, statements, events.wanted(), clock.millis(), dialect);
        // A claim in the committer's transaction delays every write queued behind it: under
        // load the workers' dispatchers claim, on connections of their own, at the same time.
        tx.claimAfterCompletionsWhile(queue::isEmpty);
        values = PendingWrite.apply(tx, batch);
        tx.finish();
        if (!autoCommit) {
          connection.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (!autoCommit) {
          try {
            connection.rollback();
          } catch (SQLException rollback) {
            e.addSuppressed(rollback);
          }
        }
        throw e;
      } finally {
        for (PreparedStatement statement : statements.values()) {
          try {
            statement.close();
          } catch (SQLException ignored) {
            // The connection goes back to the pool, which resets it.
          }
        }
      }
    }
    if (tx.announcesReady()) {
      announcer.announce(tx.readiedQueues());
    }
    statistics.inserted(tx.insertedJobs());
    PendingWrite.completeAll(batch, values);
    events.committed(tx);
  }

  /** How many transactions were run again after losing a deadlock, since the store opened. */
  long deadlockRetries() {
    return deadlockRetries.get();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs what is queued, then stops the committers. */
  @Override
  public void close() {
    synchronized (gate) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stopMarker);
    }
    for (Thread thread : committers) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
