package dev.flowc.runtime.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowc.runtime.JobListener;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.StoreOptions;
import dev.flowc.runtime.store.jdbc.JdbcJobStore;
import dev.flowc.runtime.store.jdbc.ReadOp;
import dev.flowc.runtime.store.jdbc.StoreEvents;
import dev.flowc.runtime.store.jdbc.WriteOp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGNotification;

/**
 * A store in a PostgreSQL database, shared by workers on many machines: a HikariCP pool of
 * connections running many transactions at once, claims that skip rows other claims locked ({@code
 * FOR UPDATE SKIP LOCKED}), workers' outcomes committed in shared transactions ({@link
 * PostgresTransactions}), and {@code LISTEN/NOTIFY} wake-ups ({@link ReadyListener}) on channels of
 * the schema its tables are in ({@link PostgresChannels}). Its clock is the database's ({@link
 * DatabaseClock}) unless one is given.
 *
 * <p>The URL's password (or {@code PGPASSWORD}'s, or the password file's) reaches the driver only:
 * {@link #location()}, messages and logs show the URL without it.
 */
public final class PostgresJobStore extends JdbcJobStore {
  private static final Logger LOG = Logger.getLogger(PostgresJobStore.class.getName());

  /** How long opening a connection may take before the store reports the database unreachable. */
  static final int CONNECT_TIMEOUT_SECONDS = 5;

  /** How long a query may go unanswered before its connection counts as lost. */
  static final int SOCKET_TIMEOUT_SECONDS = 60;

  /** How often the offset to the database's clock is measured again. */
  static final long CLOCK_REFRESH_SECONDS = 30;

  private static final int POOL_SIZE = 8;

  private final PostgresUrl url;
  private final PostgresChannels channels;
  private final boolean readOnly;
  // A store of an older schema read as it is (read-only, not migrated) has no run keys.
  private boolean keyColumns = true;
  private final HikariDataSource pool;
  private final JobStatistics statistics;
  private final Clock clock;
  private final DatabaseClock databaseClock;
  private final StoreEvents events = new StoreEvents();
  private final Outage outage;
  private final PostgresTransactions transactions;
  private final ReadyAnnouncer announcer;
  private final ScheduledExecutorService scheduler;
  private ReadyListener listener;
  private final java.util.List<Runnable> cancelChecks =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private PostgresJobStore(
      PostgresUrl url,
      StoreOptions options,
      Clock clock,
      Connection first,
      String schema,
      PostgresDialect dialect) {
    super(dialect);
    this.url = url;
    this.channels = PostgresChannels.of(schema);
    this.readOnly = options.readOnly();
    this.outage = new Outage(options.reconnectTimeout());
    try {
      this.pool = openPool(url, options.reconnectTimeout());
    } catch (RuntimeException e) {
      closeQuietly(first);
      throw e;
    }
    try {
      try (Connection connection = first) {
        connection.setAutoCommit(true);
        if (readOnly) {
          int version = PostgresMigrations.version(connection);
          if (version == 0) {
            throw new StoreException(
                "cannot open store '%s': the database has no flowc store (opened read-only,"
                        .formatted(url.masked())
                    + " nothing was created)");
          }
          if (version > PostgresMigrations.latest()) {
            throw PostgresMigrations.newer(url.masked(), version);
          }
          keyColumns = version > PostgresMigrations.FILES.indexOf("v006__keys_and_schedules.sql");
        } else {
          PostgresMigrations.apply(connection, url.masked(), schema);
        }
        this.databaseClock = new DatabaseClock();
        databaseClock.sample(connection);
      }
    } catch (SQLException e) {
      pool.close();
      throw PostgresErrors.translate(url.masked(), "open", e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    this.clock = clock != null ? clock : databaseClock;
    // Two transactions may end the last items of a fanned-out stage at once: look again after.
    events.onUnsettledGroups(this::lookAgain);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "flowc-postgres-clock");
              thread.setDaemon(true);
              return thread;
            });
    this.statistics = new JobStatistics(pool, scheduler);
    this.announcer =
        new ReadyAnnouncer(() -> connectDirectly("announce on", false), channels.ready());
    this.transactions =
        new PostgresTransactions(
            pool, url.masked(), this.clock, dialect, events, statistics, announcer, outage);
    scheduler.scheduleWithFixedDelay(
        this::refreshClock, CLOCK_REFRESH_SECONDS, CLOCK_REFRESH_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Opens the store in the database {@code url} names, creating or migrating its schema (unless
   * read-only: then it must exist).
   *
   * @param clock null for the database's clock
   * @throws StoreException when the database is unreachable, refuses the login, has a newer schema,
   *     or (read-only) has no flowc store; the message names the URL without its password
   */
  public static PostgresJobStore open(String url, StoreOptions options, Clock clock) {
    PostgresUrl parsed = PostgresUrl.parse(url, options.passwordFile());
    Connection first = connectFirst(parsed);
    String schema;
    try {
      // Before the store exists: its dialect announces cancellations on the schema's channel.
      schema = PostgresMigrations.schema(first);
    } catch (SQLException e) {
      closeQuietly(first);
      throw PostgresErrors.translate(parsed.masked(), "open", e);
    }
    if (schema == null) {
      closeQuietly(first);
      throw new StoreException(
          ("cannot open store '%s': no schema to keep its tables in (the schema that"
                  + " currentSchema or the role's search_path names does not exist)")
              .formatted(parsed.masked()));
    }
    return new PostgresJobStore(
        parsed, options, clock, first, schema, new PostgresDialect(PostgresChannels.of(schema)));
  }

  /** The store's {@code NOTIFY} channels: those of the schema its tables are in. */
  PostgresChannels channels() {
    return channels;
  }

  private static HikariDataSource openPool(PostgresUrl url, java.time.Duration reconnectTimeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("flowc");
    config.setJdbcUrl(url.masked());
    config.setUsername(url.user());
    if (url.password() != null) {
      config.setPassword(url.password());
    }
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    // While the database is down, taking a connection from the pool waits this long: no longer
    // than the reconnect timeout (HikariCP's least is 250 ms), or giving up would take longer.
    config.setConnectionTimeout(
        Math.max(
            250,
            Math.min(
                TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS), reconnectTimeout.toMillis())));
    config.setValidationTimeout(TimeUnit.SECONDS.toMillis(3));
    // The store's first connection (connectFirst) found the database; the pool fills itself.
    config.setInitializationFailTimeout(-1);
    driverProperties(url)
        .forEach((key, value) -> config.addDataSourceProperty((String) key, value));
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot open store '%s': %s (%s)"
              .formatted(url.masked(), PostgresErrors.reason(e), url.address()),
          e.getCause() != null ? e.getCause() : e);
    }
  }

  /**
   * The store's first connection, made by the driver itself rather than by the pool: a database
   * that cannot be reached fails at once with the driver's reason. HikariCP's own first attempt
   * sleeps a second after a failed connection before it gives up, and every command against a
   * database that was down or refused the password took that second longer.
   */
  private static Connection connectFirst(PostgresUrl url) {
    Properties properties = driverProperties(url);
    properties.setProperty("user", url.user());
    if (url.password() != null) {
      properties.setProperty("password", url.password());
    }
    try {
      return DriverManager.getConnection(url.masked(), properties);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot open store '%s': %s (%s)"
              .formatted(url.masked(), PostgresErrors.reason(e), url.address()),
          e);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Never used: nothing to keep.
    }
  }

  private static Properties driverProperties(PostgresUrl url) {
    Properties properties = new Properties();
    properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    // The whole login too: a server that accepts the connection and then says nothing (hung, or
    // a proxy in front of a dead one) fails as fast as one that refuses it.
    properties.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    properties.setProperty("tcpKeepAlive", "true");
    // A worker cut off by a partition never ends its open transaction, and the server never
    // learns that it is gone: its row locks would block every other worker's reclaim of its jobs.
    // flowc's transactions never wait on the client, so the server may end one idle for 10 s.
    properties.setProperty("options", "-c idle_in_transaction_session_timeout=10000");
    properties.setProperty("ApplicationName", "flowc");
    // A batch of INSERTs goes as multi-row INSERTs (up to 128 rows a statement) instead of one
    // statement per row: enqueueAll and a plan's submit ran 2.3x faster (docs/performance.md).
    // The jobs themselves now go with COPY (CopyLoader); dependencies still go this way.
    properties.setProperty("reWriteBatchedInserts", "true");
    return properties;
  }

  /**
   * A connection outside the pool, for LISTEN or NOTIFY; its socket timeout detects a half-open
   * one.
   *
   * @param prompt whether notifications are handed over as they arrive (the listener's)
   */
  private Connection connectDirectly(String action, boolean prompt) {
    Properties properties = driverProperties(url);
    properties.setProperty("user", url.user());
    if (url.password() != null) {
      properties.setProperty("password", url.password());
    }
    properties.setProperty(
        "socketTimeout",
        String.valueOf(ReadyListener.WAIT_MILLIS / 1000 + CONNECT_TIMEOUT_SECONDS));
    if (prompt) {
      // Notifications handed over as they arrive, not a millisecond later (one the URL names
      // wins).
      properties.setProperty("socketFactory", PromptSocketFactory.class.getName());
    }
    try {
      return DriverManager.getConnection(url.masked(), properties);
    } catch (SQLException e) {
      throw PostgresErrors.translate(url.masked(), action, e);
    }
  }

  private void refreshClock() {
    try (Connection connection = pool.getConnection()) {
      databaseClock.sample(connection);
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.FINE, "cannot measure the database's clock now", e);
    }
  }

  @Override
  public String location() {
    return url.masked();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  protected boolean hasKeyColumns() {
    return keyColumns;
  }

  private void requireWritable() {
    if (readOnly) {
      throw new StoreException("store '" + url.masked() + "' is open read-only");
    }
  }

  @Override
  protected <T> T call(WriteOp<T> op) {
    requireWritable();
    return transactions.call(op);
  }

  @Override
  protected boolean claimsInParts() {
    return true;
  }

  /** Without {@code BEGIN} and {@code COMMIT}: two round trips fewer (docs/performance.md). */
  @Override
  protected <T> T callSingleWrite(WriteOp<T> op) {
    requireWritable();
    return transactions.callSingleWrite(op);
  }

  @Override
  protected <T> T callIdempotent(WriteOp<T> op) {
    requireWritable();
    return transactions.callIdempotent(op);
  }

  @Override
  protected <T> CompletableFuture<T> submit(WriteOp<T> op) {
    requireWritable();
    return transactions.submit(op);
  }

  /**
   * Runs {@code op} in a read-only snapshot. A read is run again when its connection was lost (a
   * pooled connection the server dropped while idle, the database restarting), with backoff, for up
   * to the reconnect timeout ({@link StoreOptions#reconnectTimeout()}).
   */
  @Override
  protected <T> T read(ReadOp<T> op) {
    return read(op, true);
  }

  /**
   * Runs {@code op} with each statement in its own snapshot (autocommit): one round trip a
   * statement, without the {@code BEGIN}/{@code SET TRANSACTION} and the {@code ROLLBACK} of a
   * snapshot's transaction.
   */
  @Override
  protected <T> T readSettled(ReadOp<T> op) {
    return read(op, false);
  }

  private <T> T read(ReadOp<T> op, boolean snapshot) {
    long pause = 50;
    while (true) {
      long attemptStart = System.nanoTime();
      try {
        T value = readOnce(op, snapshot);
        outage.reached();
        return value;
      } catch (StoreException e) {
        if (closed || !PostgresErrors.isConnectionLost(e)) {
          throw e;
        }
        if (!outage.tryAgain(attemptStart)) {
          throw e;
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pause = Math.min(pause * 2, 2_000);
      }
    }
  }

  private <T> T readOnce(ReadOp<T> op, boolean snapshot) {
    if (closed) {
      throw new StoreException("store '" + url.masked() + "' is closed");
    }
    try (Connection connection = pool.getConnection()) {
      if (!snapshot) {
        connection.setAutoCommit(true);
        return op.apply(connection);
      }
      connection.setAutoCommit(false);
      T value;
      try {
        // One snapshot for the whole read, as on SQLite.
        try (var statement = connection.createStatement()) {
          statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
        value = op.apply(connection);
      } catch (SQLException | RuntimeException e) {
        // The read's own error says what happened; a rollback on a dead connection fails too.
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
      connection.rollback();
      return value;
    } catch (SQLException e) {
      throw PostgresErrors.translate(url.masked(), "read", e);
    }
  }

  /** How many writes ran in autocommit, as one statement (for tests). */
  long singleWrites() {
    return transactions.singleWrites();
  }

  /** How many write transactions were run again after losing a deadlock (for tests). */
  long deadlockRetries() {
    return transactions.deadlockRetries();
  }

  @Override
  public void addListener(JobListener listener) {
    events.addListener(listener);
  }

  @Override
  public void removeListener(JobListener listener) {
    events.removeListener(listener);
  }

  @Override
  public synchronized void onReady(IntConsumer wakeUp) {
    events.onReady(wakeUp);
    listen();
  }

  @Override
  public synchronized void onCancelRequested(Runnable check) {
    cancelChecks.add(check);
    listen();
  }

  private void listen() {
    if (listener == null && !closed) {
      listener =
          new ReadyListener(
              () -> connectDirectly("listen on", true),
              channels,
              this::notified,
              this::reconnected);
    }
  }

  private void notified(PGNotification notification) {
    if (channels.ready().equals(notification.getName())) {
      // This store's own announcement: its commit woke the workers already.
      if (!announcer.sentBy(notification.getPID())) {
        events.wakeUp(Integer.MAX_VALUE);
      }
    } else if (channels.cancel().equals(notification.getName())) {
      cancelChecks.forEach(Runnable::run);
    }
  }

  /** The upkeep of the jobs table's statistics (for tests). */
  JobStatistics statistics() {
    return statistics;
  }

  /** What was announced while the listener was away: look once, as if told. */
  private void reconnected() {
    events.wakeUp(Integer.MAX_VALUE);
    cancelChecks.forEach(Runnable::run);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    transactions.close();
    announcer.close();
    closed = true;
    synchronized (this) {
      if (listener != null) {
        listener.close();
      }
    }
    scheduler.shutdownNow();
    pool.close();
  }
}
