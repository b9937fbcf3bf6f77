package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.CurrentJobLog;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.jdbc.Dialect;
import dev.flowc.runtime.store.jdbc.PendingWrite;
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
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store's only writer: one connection, group commit. Writes queue up while a transaction
 * commits and the next transaction takes all of them (up to {@link #MAX_BATCH}), so under load many
 * completions share one commit, and when idle a write commits at once.
 *
 * <p>A write whose caller waits for it ({@link #call}: an enqueue, a claim) is committed on the
 * caller's own thread, with whatever was queued before it, when the connection is free at that
 * moment; otherwise, and for writes nobody waits for ({@link #submit}: outcomes, progress), the
 * writer thread commits it. Handing each waited-for write to the writer thread and its result back
 * cost two thread wake-ups per call, which on a busy two-core machine were most of an enqueue's
 * time (issue 10). No thread ever waits for the connection's lock: waking a thread from a lock's
 * queue on such a machine took milliseconds, and made the chain latency several times worse when
 * callers queued on it. Transactions never overlap, take the queue in order, and publish their
 * events in commit order.
 *
 * <p>What follows a commit (telling the listeners, completing the callers' futures, whose callbacks
 * run then) is done after the connection is released, in commit order, by whichever committing
 * thread gets to it first: on a busy two-core machine those callbacks (a worker's bookkeeping and
 * wake-ups, per job) held the connection for 8 to 16% of a run of short jobs (issue 10), and
 * nothing of them needs it.
 *
 * <p>A write that may be forgotten by a power cut without harm (a claim: its jobs are ready again,
 * as when a worker is lost) commits without waiting for the disk ({@link #callLazily}): such writes
 * have a queue of their own, taken before the other one, in transactions of their own with {@code
 * synchronous = NORMAL}. The next durable commit flushes the log up to itself, the lazy ones'
 * changes included (the WAL is written in order), so a worker's durable outcome makes its claim
 * durable too.
 */
final class SqliteWriter implements AutoCloseable {
  static final int MAX_BATCH = 512;
  private static final Logger LOG = Logger.getLogger(SqliteWriter.class.getName());

  private final Connection connection;
  private final String location;
  private final Clock clock;
  private final Dialect dialect;
  private final StoreEvents events;
  private final Map<String, PreparedStatement> statements = WriteTx.newCache();
  private final Queue<PendingWrite<?>> queue = new ConcurrentLinkedQueue<>();
  // The writes called lazily (callLazily), committed before the others, without waiting for the
  // disk.
  private final Queue<PendingWrite<?>> lazyQueue = new ConcurrentLinkedQueue<>();
  // Held while a transaction runs: by the writer thread or a caller.
  private final ReentrantLock connectionLock = new ReentrantLock();
  // The transactions committed and not published yet, in commit order (added under
  // connectionLock), and the lock of whoever publishes them (see publish).
  private final Queue<Committed> unpublished = new ConcurrentLinkedQueue<>();
  private final ReentrantLock publishLock = new ReentrantLock();
  private final Thread thread;
  private volatile boolean closed;
  // Orders submit against close: no write can be queued after close and never run.
  private final Object gate = new Object();
  private final LongAdder commits = new LongAdder();
  private final LongAdder lazyCommits = new LongAdder();
  // Whether writes called lazily may commit without waiting for the disk: the store syncs every
  // commit (FULL); with NORMAL no commit waits for it anyway.
  private final boolean lazyAllowed;
  // Whether the connection's synchronous setting is still lowered after a lazy commit (its
  // restoring failed): a durable commit restores it first, or fails.
  private boolean lowered;

  SqliteWriter(
      Connection connection, String location, Clock clock, Dialect dialect, StoreEvents events) {
    this(connection, location, clock, dialect, events, false);
  }

  /**
   * @param lazyAllowed whether the connection syncs every commit ({@code synchronous = FULL}) and
   *     writes called lazily may commit without it
   */
  SqliteWriter(
      Connection connection,
      String location,
      Clock clock,
      Dialect dialect,
      StoreEvents events,
      boolean lazyAllowed) {
    this.lazyAllowed = lazyAllowed;
    this.connection = connection;
    this.location = location;
    this.clock = clock;
    this.dialect = dialect;
    this.events = events;
    this.thread = new Thread(this::loop, "flowc-sqlite-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues {@code op} for the writer thread; the future completes after its transaction commits.
   */
  <T> CompletableFuture<T> submit(WriteOp<T> op) {
    CompletableFuture<T> future = queue(op, false).future();
    LockSupport.unpark(thread);
    return future;
  }

  /**
   * Runs {@code op} and waits for its commit, rethrowing its exception as is. When the connection
   * is free, the transaction runs on this thread, taking along what was queued before {@code op};
   * otherwise the writer thread commits it. A thread running a handler's attempt always leaves it
   * to the writer thread, so that the listeners called after the commit never run inside the
   * attempt (its output capture would take what they print).
   */
  <T> T call(WriteOp<T> op) {
    CompletableFuture<T> future;
    if (!CurrentJobLog.isActive() && connectionLock.tryLock()) {
      try {
        PendingWrite<T> pending = queue(op, false);
        future = pending.future();
        while (commitQueued(pending)) {
          // each round commits up to MAX_BATCH writes queued before this one
        }
      } finally {
        release();
        publish();
      }
    } else {
      future = submit(op);
    }
    return PendingWrite.join(future, location);
  }

  /**
   * As {@link #call}, for a write whose commit a power cut may forget without harm (a claim): it
   * commits without waiting for the disk, with the other writes called so, and ahead of the durable
   * writes queued meanwhile (a claim that does not see them sees the store as it was a moment
   * earlier: fewer jobs ready, more running), so that it never waits for their commit's flush.
   */
  <T> T callLazily(WriteOp<T> op) {
    if (!lazyAllowed) {
      return call(op);
    }
    CompletableFuture<T> future;
    if (!CurrentJobLog.isActive() && connectionLock.tryLock()) {
      try {
        PendingWrite<T> pending = queue(op, true);
        future = pending.future();
        while (commitQueued(pending)) {
          // the first round commits the lazy writes, this one among them
        }
      } finally {
        release();
        publish();
      }
    } else {
      future = queue(op, true).future();
      LockSupport.unpark(thread);
    }
    return PendingWrite.join(future, location);
  }

  /** The transactions committed so far (for tests: how writes share commits). */
  long commits() {
    return commits.sum();
  }

  /** The transactions committed without waiting for the disk so far (for tests). */
  long lazyCommits() {
    return lazyCommits.sum();
  }

  /** The writes queued and not taken yet (for tests). */
  int queued() {
    return queue.size() + lazyQueue.size();
  }

  /** Whether new writes are refused (for tests). */
  boolean isClosed() {
    return closed;
  }

  private <T> PendingWrite<T> queue(WriteOp<T> op, boolean lazy) {
    PendingWrite<T> pending = PendingWrite.of(op);
    synchronized (gate) {
      if (closed) {
        pending
            .future()
            .completeExceptionally(new StoreException("store '" + location + "' is closed"));
      } else {
        (lazy ? lazyQueue : queue).add(pending);
      }
    }
    return pending;
  }

  /**
   * Releases the connection, and wakes the writer thread when writes are queued: it does not wait
   * for the lock (a thread woken from a lock's queue waits for a core, which on a busy machine took
   * milliseconds per wake-up), so whoever releases it tells it.
   */
  private void release() {
    connectionLock.unlock();
    if (!queue.isEmpty() || !lazyQueue.isEmpty()) {
      LockSupport.unpark(thread);
    }
  }

  /** The writer thread: commits the writes nobody waits for, until closed and drained. */
  private void loop() {
    while (true) {
      if (queue.isEmpty() && lazyQueue.isEmpty()) {
        if (closed) {
          return; // closed is set under the gate: nothing can be queued any more
        }
        LockSupport.park(this);
        Thread.interrupted(); // only close ends the loop, so nothing queued is dropped
        continue;
      }
      if (!connectionLock.tryLock()) {
        LockSupport.park(this); // the holder wakes this thread when it releases the connection
        Thread.interrupted();
        continue;
      }
      try {
        commitQueued(null);
      } catch (Error e) {
        // The writes of the batch were failed with it; the next ones may still commit.
        LOG.log(Level.SEVERE, "a write failed with an error", e);
      } finally {
        connectionLock.unlock();
      }
      publish();
    }
  }

  /** A committed transaction: what its publication needs. */
  private record Committed(List<PendingWrite<?>> batch, List<Object> values, WriteTx tx) {}

  /**
   * Publishes the transactions committed so far, in commit order: tells the listeners of each, then
   * completes its writes' futures (so a caller whose call returns has its events told). Called by
   * every committing thread once it released the connection; none waits for another that is
   * publishing: that one publishes what was added meanwhile too, since it looks again after letting
   * go of the lock.
   */
  private void publish() {
    while (!unpublished.isEmpty() && publishLock.tryLock()) {
      try {
        publishQueued();
      } finally {
        publishLock.unlock();
      }
    }
  }

  /** Publishes what is committed and not published yet; runs with the publishing lock held. */
  private void publishQueued() {
    Committed next;
    while ((next = unpublished.poll()) != null) {
      try {
        events.committed(next.tx());
      } catch (RuntimeException e) {
        // The writes are committed all the same: their callers must not wait for ever.
        LOG.log(Level.WARNING, "telling of a commit failed", e);
      }
      PendingWrite.completeAll(next.batch(), next.values());
    }
  }

  /**
   * Takes up to {@link #MAX_BATCH} queued writes and commits them, the lazy ones first and apart.
   * Runs with the connection's lock held.
   *
   * @param awaited a write the caller waits for, or null
   * @return whether it committed writes and {@code awaited} was not among them: false when none was
   *     queued or {@code awaited} is committed
   */
  private boolean commitQueued(PendingWrite<?> awaited) {
    return lazyQueue.isEmpty()
        ? commitQueued(queue, false, awaited)
        : commitQueued(lazyQueue, true, awaited);
  }

  private boolean commitQueued(
      Queue<PendingWrite<?>> queue, boolean lazy, PendingWrite<?> awaited) {
    List<PendingWrite<?>> batch = new ArrayList<>();
    boolean tookAwaited = false;
    PendingWrite<?> next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      batch.add(next);
      tookAwaited |= next == awaited;
    }
    if (batch.isEmpty()) {
      return false;
    }
    try {
      // No retry when another process holds the lock: the connection's busy handler (LockWait)
      // already waited the store's whole lock timeout.
      PendingWrite.commitOrEachAlone(
          batch, b -> commitOnce(b, lazy), e -> SqliteErrors.translate(location, "write to", e));
    } catch (Throwable e) {
      // An Error (out of memory): no write taken from the queue may be left unfinished, or its
      // caller would wait for ever.
      for (PendingWrite<?> pending : batch) {
        pending.future().completeExceptionally(e);
      }
      throw e;
    }
    return !tookAwaited;
  }

  /**
   * Runs {@code batch} in one transaction and commits it; {@code lazy}: without waiting for the
   * disk ({@code synchronous} can only change outside a transaction).
   */
  private void commitOnce(List<PendingWrite<?>> batch, boolean lazy) throws SQLException {
    WriteTx tx = new WriteTx(connection, statements, events.wanted(), clock.millis(), dialect);
    List<Object> values;
    try (Statement statement = connection.createStatement()) {
      if (lazy != lowered) {
        statement.execute(lazy ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
        lowered = lazy;
      }
      statement.execute("BEGIN IMMEDIATE");
      try {
        values = PendingWrite.apply(tx, batch);
        tx.finish();
        statement.execute("COMMIT");
        commits.increment();
        if (lazy) {
          lazyCommits.increment();
        }
      } catch (SQLException | RuntimeException | Error e) {
        // An Error too: a transaction left open would fail every later BEGIN.
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
      } finally {
        if (lazy) {
          restoreSync(statement);
        }
      }
    }
    unpublished.add(new Committed(batch, values, tx));
  }

  /**
   * Makes commits durable again after a lazy one. A failure leaves {@link #lowered} set: the next
   * durable commit tries again before it begins, and fails if it cannot.
   */
  private void restoreSync(Statement statement) {
    try {
      statement.execute("PRAGMA synchronous = FULL");
      lowered = false;
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "could not make commits durable again yet", e);
    }
  }

  @Override
  public void close() {
    synchronized (gate) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LockSupport.unpark(thread);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.log(Level.WARNING, "the writer did not stop in time");
    }
    // A caller may still be committing: the statements are closed once it is done.
    connectionLock.lock();
    try {
      for (PreparedStatement statement : statements.values()) {
        try {
          statement.close();
        } catch (SQLException ignored) {
          // Closing anyway.
        }
      }
    } finally {
      connectionLock.unlock();
    }
    // What a caller committed and has not published yet (it may be publishing now).
    publishLock.lock();
    try {
      publishQueued();
    } finally {
      publishLock.unlock();
    }
  }
}
