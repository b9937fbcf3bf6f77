package dev.flowc.runtime.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for the store's announcements on a connection of its own (not the pool's: a pooled
 * connection must not keep a {@code LISTEN}) and calls {@code onNotification} with each one's
 * channel and payload. A connection that fails, or that does not answer a periodic query within its
 * socket timeout (half-open: the server or the network went away without a word), is closed and
 * made again with backoff. Announcements missed meanwhile are not lost work: workers also poll.
 */
final class ReadyListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ReadyListener.class.getName());

  /** How long one wait for notifications lasts; a quiet connection is checked after each. */
  static final int WAIT_MILLIS = 5_000;

  private final Supplier<Connection> connect;
  private final PostgresChannels channels;
  private final Consumer<PGNotification> onNotification;
  private final Runnable onReconnect;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  /**
   * @param channels the store's channels, both listened on
   */
  ReadyListener(
      Supplier<Connection> connect,
      PostgresChannels channels,
      Consumer<PGNotification> onNotification,
      Runnable onReconnect) {
    this.connect = connect;
    this.channels = channels;
    this.onNotification = onNotification;
    this.onReconnect = onReconnect;
    this.thread = new Thread(this::loop, "flowc-postgres-listener");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long backoff = 100;
    boolean first = true;
    while (!closed) {
      // Every LISTEN but the first attempt's looks once: what was announced while none listened
      // is not lost, also when the first attempt failed.
      boolean looks = !first;
      first = false;
      try (Connection listening = connect.get()) {
        connection = listening;
        try (Statement statement = listening.createStatement()) {
          for (String listen : channels.listen()) {
            statement.execute(listen);
          }
        }
        if (looks) {
          // What was announced while we were away: look once, as if told.
          onReconnect.run();
        }
        backoff = 100;
        PGConnection pg = listening.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications == null || notifications.length == 0) {
            // Quiet: make sure the connection is alive (the socket timeout bounds the answer).
            try (Statement statement = listening.createStatement()) {
              statement.execute("SELECT 1");
            }
            continue;
          }
          for (PGNotification notification : notifications) {
            onNotification.accept(notification);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.log(Level.FINE, "the listening connection failed; connecting again", e);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(backoff * 2, 5_000);
      } finally {
        connection = null;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection current = connection;
    if (current != null) {
      try {
        current.close();
      } catch (SQLException ignored) {
        // Closing anyway.
      }
    }
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
