package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.JobListener;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.jdbc.JdbcJobStore;
import dev.flowc.runtime.store.jdbc.ReadOp;
import dev.flowc.runtime.store.jdbc.StoreEvents;
import dev.flowc.runtime.store.jdbc.WriteOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * A store in one SQLite file, for one machine: WAL journal, one writer connection with group commit
 * ({@link SqliteWriter}), readers on connections of their own. Several processes may open the same
 * file; SQLite's file locks serialize their writers.
 *
 * <p>A store is stamped with flowc's {@code application_id}. flowc creates a store only in a file
 * that is missing or empty, and writes to no file that is not a flowc store: another application's
 * database is left byte for byte as it was, checked before any connection that could change it is
 * opened. Opened read-only, the store is never created, migrated or written.
 */
public final class SqliteJobStore extends JdbcJobStore {
  private static final int READERS = 4;

  private final String location;
  private final Path file;
  private final SqliteOptions options;
  // The URL of new connections. A read-only store may be read immutable (see readOnlyUrl); then
  // `immutableSince` is how its files looked when it was opened, and `plainUrl` the URL to use
  // once they change.
  private volatile String url;
  private String plainUrl;
  private volatile FileState immutableSince;
  private final Set<Connection> immutableConnections = ConcurrentHashMap.newKeySet();
  private final Connection writerConnection;
  private final SqliteWriter writer;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final AtomicInteger readersOpened = new AtomicInteger();
  private final Clock clock;
  private final StoreEvents events = new StoreEvents();
  private volatile boolean closed;
  // A store of schema version 1 read as it is (read-only, not migrated) has no job_logs table.
  private final boolean hasLogTable;
  private final boolean hasWorkersTable;
  private final boolean hasVersion2Columns;
  private final boolean hasKeyColumns;
  private final boolean hasRateColumns;

  private SqliteJobStore(Path file, SqliteOptions options, Clock clock) {
    super(SqliteDialect.INSTANCE);
    this.clock = clock;
    this.file = file;
    this.location = file.toString();
    this.options = options;
    StoreFile found = StoreFile.inspect(file, location);
    refuseUnlessStore(found);
    this.hasLogTable = !options.readOnly() || found.version() >= 2;
    this.hasWorkersTable = !options.readOnly() || found.version() >= 3;
    this.hasVersion2Columns =
        !options.readOnly() || found.version() > Migrations.FILES.indexOf("v005__fanout.sql");
    this.hasKeyColumns =
        !options.readOnly()
            || found.version() > Migrations.FILES.indexOf("v006__keys_and_schedules.sql");
    this.hasRateColumns =
        !options.readOnly()
            || found.version() > Migrations.FILES.indexOf("v007__unique_keys_and_rates.sql");
    if (options.readOnly()) {
      this.url = readOnlyUrl(found);
      this.writerConnection = null;
      this.writer = null;
      return;
    }
    this.url = "jdbc:sqlite:" + StoreFile.uri(file);
    this.writerConnection = connect();
    try {
      Migrations.apply(writerConnection, location);
      // Only now that the file is known to be flowc's: the journal mode is written to the file.
      switchToWal(writerConnection);
    } catch (SQLException e) {
      closeQuietly(writerConnection);
      throw SqliteErrors.translate(location, "open", e);
    } catch (RuntimeException e) {
      closeQuietly(writerConnection);
      throw e;
    }
    this.writer =
        new SqliteWriter(
            writerConnection,
            location,
            clock,
            SqliteDialect.INSTANCE,
            events,
            options.syncMode() == SyncMode.FULL);
  }

  /**
   * Opens (creating when missing, migrating when older) the store in {@code file}.
   *
   * @throws StoreException when the file is locked, corrupt, not a database, or newer
   */
  public static SqliteJobStore open(Path file, SyncMode syncMode, Clock clock) {
    return open(file, SqliteOptions.defaults().withSyncMode(syncMode), clock);
  }

  /**
   * Opens the store in {@code file}: read-write (creating it with its directory when the file is
   * missing or empty, migrating it when older), or read-only (it must exist).
   *
   * @throws StoreException when the file is missing (read-only), locked, corrupt, not a flowc
   *     store, or newer
   */
  public static SqliteJobStore open(Path file, SqliteOptions options, Clock clock) {
    NativeLibrary.useCachedCopy();
    if (Files.isDirectory(file)) {
      throw new StoreException("cannot open store '%s': it is a directory".formatted(file));
    }
    if (!options.readOnly()) {
      Path parent = file.toAbsolutePath().getParent();
      try {
        if (parent != null && !Files.exists(file)) {
          Files.createDirectories(parent);
        }
      } catch (IOException e) {
        throw new StoreException(
            "cannot open store '%s': cannot create directory '%s' (%s)".formatted(file, parent, e));
      }
    }
    return new SqliteJobStore(file, options, clock);
  }

  /**
   * {@code PRAGMA journal_mode = WAL}. It needs the file to itself for a moment, and SQLite may
   * answer SQLITE_BUSY at once, without its busy handler, while another process opens, creates or
   * switches the same store: then it is tried again until the lock timeout.
   */
  private void switchToWal(Connection connection) throws SQLException {
    long deadline = System.nanoTime() + options.lockTimeout().toNanos();
    long pauseMs = 1;
    try (Statement statement = connection.createStatement()) {
      while (true) {
        try {
          statement.execute("PRAGMA journal_mode = WAL");
          return;
        } catch (SQLiteException e) {
          boolean busy = e.getResultCode().name().startsWith("SQLITE_BUSY");
          if (!busy || System.nanoTime() >= deadline) {
            throw e; // when the busy handler gave up, it waited the whole lock timeout already
          }
        }
        try {
          Thread.sleep(pauseMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException(
              "cannot open store '%s': interrupted while opening it".formatted(location), e);
        }
        pauseMs = Math.min(pauseMs * 2, 50);
      }
    }
  }

  private void refuseUnlessStore(StoreFile found) {
    boolean readOnly = options.readOnly();
    String problem =
        switch (found.kind()) {
          case FLOWC, UNSTAMPED_FLOWC -> null;
          case MISSING -> readOnly ? "there is no such file" : null;
          case EMPTY -> readOnly ? "the file is empty: no store was created in it yet" : null;
          case NOT_A_DATABASE -> "the file is not a flowc store (not a SQLite database)";
          case FOREIGN ->
              "the file is not a flowc store but another application's SQLite database;"
                  + " flowc leaves it unchanged";
        };
    if (problem != null) {
      throw new StoreException("cannot open store '%s': %s".formatted(location, problem));
    }
    if (found.kind() == StoreFile.Kind.FLOWC && found.version() > Migrations.latest()) {
      throw Migrations.newer(location, found.version());
    }
  }

  /**
   * Read-only connections to a WAL database need its {@code -shm} file, which SQLite creates (with
   * a {@code -wal} file) when it is missing and cannot remove when the connection closes: reading
   * would leave two new files next to a store that may not be this user's, and fails where they
   * cannot be created (a read-only file system). So when the store is in WAL mode but has no {@code
   * -wal} file, no process has it open and every commit is in the database file itself: it is read
   * immutable (no lock, no side file) for as long as that stays true. Every read checks afterwards
   * that the files are as they were (no {@code -wal}, same size and modification time), since a
   * writer must create the {@code -wal} file before it changes the database file; when they
   * changed, the read is done again on ordinary read-only connections.
   */
  private String readOnlyUrl(StoreFile found) {
    String plain = "jdbc:sqlite:" + StoreFile.uri(file);
    this.plainUrl = plain;
    String immutable = plain + "?immutable=1";
    FileState before = FileState.of(file);
    if (found.wal() && !before.walExists()) {
      immutableSince = before;
      Connection first = connect(immutable);
      immutableConnections.add(first);
      keepReader(first);
      return immutable;
    }
    Connection first;
    try {
      first = connect(plain);
    } catch (StoreException e) {
      if (!(e.getCause() instanceof SQLiteException sqlite)
          || !sqlite.getResultCode().name().startsWith("SQLITE_CANTOPEN")
          || Files.exists(Path.of(file + "-wal"))) {
        throw e;
      }
      // The header said rollback mode, but the file is in WAL mode by now and has no -wal file
      // again (a writer came and went) on a file system where no -shm can be created.
      immutableSince = before;
      first = connect(immutable);
      immutableConnections.add(first);
      keepReader(first);
      return immutable;
    }
    keepReader(first);
    return plain;
  }

  /** What tells that a writer has come to a store read immutable. */
  private record FileState(boolean walExists, long size, long modifiedNanos) {
    static FileState of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileState(
            Files.exists(Path.of(file + "-wal")),
            attributes.size(),
            attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
      } catch (IOException e) {
        return new FileState(true, -1, -1); // changed, whatever it was
      }
    }
  }

  /** A writer came: new connections are ordinary read-only ones, immutable ones are closed. */
  private synchronized void leaveImmutable() {
    if (immutableSince == null) {
      return;
    }
    url = plainUrl;
    immutableSince = null;
    Connection pooled;
    List<Connection> keep = new ArrayList<>();
    while ((pooled = readers.poll()) != null) {
      if (immutableConnections.remove(pooled)) {
        closeQuietly(pooled);
        readersOpened.decrementAndGet();
      } else {
        keep.add(pooled);
      }
    }
    keep.forEach(readers::offer);
  }

  private void keepReader(Connection connection) {
    readersOpened.incrementAndGet();
    readers.offer(connection);
  }

  private Connection connect() {
    return connect(url);
  }

  private Connection connect(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    if (options.readOnly()) {
      config.setReadOnly(true);
    }
    // The driver's generated keys cost a regex match and a "SELECT last_insert_rowid()" statement,
    // prepared anew, after every INSERT: 40% of the writer's time when enqueueing. The store reads
    // the ids it needs itself.
    config.setGetGeneratedKeys(false);
    Connection connection = null;
    try {
      connection = config.createConnection(url);
      // Before the first statement, which may already wait for a lock: the driver's own pragmas
      // would wait with its silent default busy timeout.
      BusyHandler.setHandler(
          connection, new LockWait(location, options.lockTimeout(), options.lockWaitListener()));
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "PRAGMA synchronous = " + (options.syncMode() == SyncMode.FULL ? "FULL" : "NORMAL"));
        statement.execute("PRAGMA temp_store = MEMORY");
        statement.execute("PRAGMA cache_size = -16000"); // 16 MB of page cache per connection
      }
      if (options.readOnly()) {
        // Opening is lazy: a file that cannot be read fails here, not at the first query.
        try (Statement statement = connection.createStatement()) {
          int version = Migrations.version(statement);
          if (version > Migrations.latest()) {
            throw Migrations.newer(location, version);
          }
        }
      }
      return connection;
    } catch (SQLException e) {
      if (connection != null) {
        closeQuietly(connection);
      }
      throw SqliteErrors.translate(location, "open", e);
    } catch (RuntimeException e) {
      if (connection != null) {
        closeQuietly(connection);
      }
      throw e;
    }
  }

  private SqliteWriter writer() {
    if (writer == null) {
      throw new StoreException("store '" + location + "' is open read-only");
    }
    return writer;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  protected <T> T call(WriteOp<T> op) {
    return writer().call(op);
  }

  @Override
  protected <T> T callLazily(WriteOp<T> op) {
    return writer().callLazily(op);
  }

  @Override
  protected <T> CompletableFuture<T> submit(WriteOp<T> op) {
    return writer().submit(op);
  }

  @Override
  protected boolean hasLogTable() {
    return hasLogTable;
  }

  @Override
  protected boolean hasWorkersTable() {
    return hasWorkersTable;
  }

  @Override
  protected boolean hasVersion2Columns() {
    return hasVersion2Columns;
  }

  /** Pages freed by deletes that one transaction gives back to the file system. */
  static final int VACUUM_PAGES = 500;

  /**
   * Moves free pages to the end of the file and truncates it ({@code PRAGMA incremental_vacuum}),
   * {@link #VACUUM_PAGES} at a time, each step a short transaction of its own. A store created
   * before incremental vacuum was turned on for new stores keeps its free pages for new rows.
   */
  @Override
  protected void reclaimSpace() {
    while (call(SqliteJobStore::vacuumSome)) {
      // more free pages: others get through between the steps
    }
  }

  private static boolean vacuumSome(dev.flowc.runtime.store.jdbc.WriteTx tx) throws SQLException {
    try (Statement statement = tx.connection().createStatement()) {
      if (pragma(statement, "auto_vacuum") != 2) {
        return false;
      }
      statement.execute("PRAGMA incremental_vacuum(" + VACUUM_PAGES + ")");
      return pragma(statement, "freelist_count") > 0;
    }
  }

  private static long pragma(Statement statement, String name) throws SQLException {
    try (java.sql.ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  /**
   * The file's size in pages, as a reader sees it now: free pages count (they are in the file until
   * an incremental vacuum truncates it), so a store without incremental vacuum reclaims nothing.
   */
  @Override
  protected long bytesInUse() {
    return read(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            return pragma(statement, "page_count") * pragma(statement, "page_size");
          }
        });
  }

  @Override
  protected boolean hasKeyColumns() {
    return hasKeyColumns;
  }

  @Override
  protected boolean hasRateColumns() {
    return hasRateColumns;
  }

  @Override
  public Clock clock() {
    return clock;
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
  public void onReady(java.util.function.IntConsumer wakeUp) {
    events.onReady(wakeUp);
  }

  /** Runs {@code read} in one read transaction (a consistent snapshot) on a reader connection. */
  @Override
  protected <T> T read(ReadOp<T> read) {
    while (true) {
      FileState since = immutableSince;
      if (since != null && !since.equals(FileState.of(file))) {
        leaveImmutable();
      }
      Connection connection = borrow();
      boolean immutable = immutableConnections.contains(connection);
      T value = readOn(connection, read);
      // Only a read on a file that did not change while it was read is a consistent snapshot.
      if (immutable && (since == null || !since.equals(FileState.of(file)))) {
        leaveImmutable();
        continue;
      }
      return value;
    }
  }

  private Connection borrow() {
    if (closed) {
      throw new StoreException("store '" + location + "' is closed");
    }
    while (true) {
      Connection connection = readers.poll();
      if (connection == null) {
        if (readersOpened.incrementAndGet() <= READERS) {
          String using = url;
          Connection opened;
          try {
            opened = connect(using);
          } catch (RuntimeException e) {
            readersOpened.decrementAndGet();
            throw e;
          }
          if (!using.equals(plainUrl) && plainUrl != null) {
            immutableConnections.add(opened);
          }
          return opened;
        }
        readersOpened.decrementAndGet();
        connection = take();
      }
      if (immutableSince == null && immutableConnections.remove(connection)) {
        closeQuietly(connection);
        readersOpened.decrementAndGet();
        continue;
      }
      return connection;
    }
  }

  private <T> T readOn(Connection connection, ReadOp<T> read) {
    boolean healthy = true;
    try {
      connection.setAutoCommit(false);
      try {
        return read.apply(connection);
      } finally {
        connection.commit();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      healthy = false;
      throw SqliteErrors.translate(location, "read", e);
    } finally {
      boolean stale = immutableSince == null && immutableConnections.contains(connection);
      if (healthy && !closed && !stale) {
        readers.offer(connection);
      } else {
        immutableConnections.remove(connection);
        closeQuietly(connection);
        readersOpened.decrementAndGet();
      }
    }
  }

  private Connection take() {
    try {
      return readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a reader of '" + location + "'", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (writer != null) {
      writer.close();
    }
    closed = true;
    Connection reader;
    while ((reader = readers.poll()) != null) {
      closeQuietly(reader);
    }
    if (writerConnection != null) {
      closeQuietly(writerConnection);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing more to do with a connection that will not close.
    }
  }
}
