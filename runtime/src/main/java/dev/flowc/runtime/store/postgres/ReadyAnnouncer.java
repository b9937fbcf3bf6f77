package dev.flowc.runtime.store.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Tells the other processes sharing the store which queues have jobs ready ({@code NOTIFY} on the
 * store's {@link PostgresChannels#ready()} channel), after the transactions that made them ready
 * committed, from a thread of its own.
 *
 * <p>Not inside those transactions: PostgreSQL serializes the commits of every transaction that
 * notified, database-wide, by a lock it holds from before the commit record until after the WAL's
 * flush, so that notifications are queued in commit order. A submit, an enqueue and a completion
 * that released a child each notified, so their commits, fsyncs included, ran one at a time across
 * all processes: with about 2,000 such commits a second they queued for that lock instead of
 * sharing their flushes. Here a notification costs a transaction of its own that waits for no flush
 * (it wrote nothing but its commit record); announcements that arrive while one is being sent go
 * together in the next, one notification per queue. If one cannot be sent (the connection was
 * lost), it is dropped: the other processes' workers also poll, and a listener that reconnects
 * looks once.
 *
 * <p>It sends on a connection of its own, outside the pool, so that the store's listener knows its
 * announcements by their sender's process id ({@link #sentBy}) and does not wake its workers a
 * second time: the store woke them itself when the transaction committed. Every wake-up costs a
 * claim; woken twice for each job made ready, a worker of a chain of jobs made as many claims that
 * found nothing as claims that found the next job, and the next job's claim waited behind them.
 */
final class ReadyAnnouncer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ReadyAnnouncer.class.getName());

  private static final String NOTIFY = "SELECT pg_notify(?, queue) FROM unnest(?) AS queue";

  private final Supplier<Connection> connect;
  private final String channel;
  private final Thread thread;
  private final Object lock = new Object();
  // What to announce next: queue names, or anyQueue (the empty payload) when a queue was not known.
  private final Set<String> queues = new TreeSet<>();
  private boolean anyQueue;
  private boolean closed;
  // Only the announcer's thread uses the connection; the listener reads its backend's process id.
  private Connection connection;
  private volatile int backendPid;

  /**
   * @param connect opens a connection outside the pool, for the announcements alone
   * @param channel the store's channel of ready queues
   */
  ReadyAnnouncer(Supplier<Connection> connect, String channel) {
    this.connect = connect;
    this.channel = channel;
    this.thread = new Thread(this::loop, "flowc-postgres-announcer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Announces, soon, that {@code readied} have jobs ready; every queue when it is empty. Returns at
   * once.
   */
  void announce(Set<String> readied) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (readied.isEmpty()) {
        anyQueue = true;
      } else {
        queues.addAll(readied);
      }
      lock.notifyAll();
    }
  }

  private void loop() {
    while (true) {
      String[] payloads;
      synchronized (lock) {
        while (!closed && !anyQueue && queues.isEmpty()) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // Only close() ends the loop, after what is pending was sent.
          }
        }
        if (!anyQueue && queues.isEmpty()) {
          return;
        }
        payloads = anyQueue ? new String[] {""} : queues.toArray(String[]::new);
        anyQueue = false;
        queues.clear();
      }
      send(payloads);
    }
  }

  private void send(String[] payloads) {
    try {
      if (connection == null) {
        connection = connect.get();
        connection.setAutoCommit(true);
        backendPid = connection.unwrap(PGConnection.class).getBackendPID();
      }
      try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
        Array array = connection.createArrayOf("text", payloads);
        notify.setString(1, channel);
        notify.setArray(2, array);
        notify.execute();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.FINE, "could not announce ready jobs; other processes find them by polling", e);
      disconnect();
    }
  }

  /**
   * Whether the notification of process {@code pid} came from this announcer's connection: the
   * server process of a connection that is open is no other connection's.
   */
  boolean sentBy(int pid) {
    return pid != 0 && pid == backendPid;
  }

  private void disconnect() {
    backendPid = 0;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Gone either way.
      }
      connection = null;
    }
  }

  /** Sends what is pending, then stops. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      disconnect();
    }
  }
}
