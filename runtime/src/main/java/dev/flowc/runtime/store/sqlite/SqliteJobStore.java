package dev.flowc.runtime.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.DeadLetter;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobListener;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.Stats;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.JobStore;
import dev.flowc.runtime.store.Lease;
import dev.flowc.runtime.store.NewRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteConfig;

/**
 * A store in one SQLite file, for one machine: WAL journal, one writer connection with group commit
 * ({@link SqliteWriter}), readers on connections of their own. Several processes may open the same
 * file; SQLite's file locks serialize their writers.
 */
public final class SqliteJobStore implements JobStore {
  private static final int READERS = 4;
  private static final int BUSY_TIMEOUT_MS = 5_000;

  private final String location;
  private final Path file;
  private final SyncMode syncMode;
  private final Connection writerConnection;
  private final SqliteWriter writer;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final AtomicInteger readersOpened = new AtomicInteger();
  private final Map<Long, Optional<String>> baseDirectories = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private SqliteJobStore(Path file, SyncMode syncMode, Clock clock) {
    this.file = file;
    this.location = file.toString();
    this.syncMode = syncMode;
    this.writerConnection = connect();
    try {
      Migrations.apply(writerConnection, location);
    } catch (SQLException e) {
      closeQuietly(writerConnection);
      throw SqliteErrors.translate(location, "open", e);
    } catch (RuntimeException e) {
      closeQuietly(writerConnection);
      throw e;
    }
    this.writer = new SqliteWriter(writerConnection, location, clock);
  }

  /**
   * Opens (creating when missing, migrating when older) the store in {@code file}.
   *
   * @throws StoreException when the file is locked, corrupt, not a database, or newer
   */
  public static SqliteJobStore open(Path file, SyncMode syncMode, Clock clock) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException(
          "cannot open store '%s': cannot create directory '%s' (%s)".formatted(file, parent, e));
    }
    if (Files.isDirectory(file)) {
      throw new StoreException("cannot open store '%s': it is a directory".formatted(file));
    }
    return new SqliteJobStore(file, syncMode, clock);
  }

  private Connection connect() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        syncMode == SyncMode.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-16_000); // 16 MB of page cache per connection
    // The driver's generated keys cost a regex match and a "SELECT last_insert_rowid()" statement,
    // prepared anew, after every INSERT: 40% of the writer's time when enqueueing. The store reads
    // the ids it needs itself.
    config.setGetGeneratedKeys(false);
    try {
      return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw SqliteErrors.translate(location, "open", e);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public RunView createRun(NewRun run) {
    long id = writer.call(tx -> JobInserts.createRun(tx, run));
    baseDirectories.put(id, Optional.ofNullable(run.baseDirectory()));
    return run(id).orElseThrow();
  }

  @Override
  public long enqueue(EnqueueRequest request) {
    return writer.call(tx -> JobInserts.enqueue(tx, request));
  }

  /** Enqueues many jobs in one transaction (in order, so later ones may depend on earlier ones). */
  public List<Long> enqueueAll(List<EnqueueRequest> requests) {
    List<EnqueueRequest> copy = List.copyOf(requests);
    return writer.call(tx -> JobInserts.enqueueAll(tx, copy));
  }

  @Override
  public List<ClaimedJob> claim(ClaimRequest request) {
    return writer.call(tx -> JobTransitions.claim(tx, request, runId -> baseDirectory(tx, runId)));
  }

  @Override
  public boolean hasReady(ClaimRequest request) {
    return read(c -> JobQueries.hasReady(c, request));
  }

  @Override
  public CompletableFuture<Boolean> started(Lease lease, Instant at) {
    return writer.submit(tx -> JobTransitions.started(tx, lease, at));
  }

  /**
   * The run's base directory, read the first time in the claiming transaction itself: the writer
   * must never wait for a reader connection.
   */
  private String baseDirectory(WriteTx tx, long runId) {
    Optional<String> known = baseDirectories.get(runId);
    if (known == null) {
      try {
        known = Optional.ofNullable(JobQueries.baseDirectory(tx.connection(), runId));
      } catch (SQLException e) {
        throw SqliteErrors.translate(location, "read", e);
      }
      baseDirectories.put(runId, known);
    }
    return known.orElse(null);
  }

  @Override
  public Map<String, JsonNode> dependencyResults(long jobId) {
    return read(c -> JobQueries.dependencyResults(c, jobId));
  }

  @Override
  public CompletableFuture<Boolean> complete(Lease lease, JsonNode result, Instant startedAt) {
    String json = result == null ? "null" : result.toString();
    return writer.submit(tx -> JobTransitions.complete(tx, lease, json, startedAt));
  }

  @Override
  public CompletableFuture<Boolean> fail(
      Lease lease, JobError error, Instant retryAt, Instant startedAt) {
    return writer.submit(tx -> JobTransitions.fail(tx, lease, error, retryAt, startedAt));
  }

  @Override
  public CompletableFuture<Boolean> finishCancelled(Lease lease) {
    return writer.submit(tx -> JobTransitions.finishCancelled(tx, lease));
  }

  @Override
  public CompletableFuture<Boolean> release(Lease lease) {
    return writer.submit(tx -> JobTransitions.release(tx, lease));
  }

  @Override
  public CompletableFuture<Boolean> progress(Lease lease, int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("progress must be within 0..100, not " + percent);
    }
    return writer.submit(tx -> JobTransitions.progress(tx, lease, percent));
  }

  @Override
  public Set<Long> heartbeat(String owner, Collection<Lease> leases, Instant until) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    List<Lease> copy = List.copyOf(leases);
    return writer.call(tx -> JobTransitions.heartbeat(tx, copy, until));
  }

  @Override
  public int reclaimExpired(Instant now, int maxReclaims) {
    return writer.call(tx -> JobTransitions.reclaimExpired(tx, now, maxReclaims));
  }

  @Override
  public boolean cancelJob(long jobId) {
    return writer.call(tx -> JobTransitions.cancelJob(tx, jobId));
  }

  @Override
  public int cancelRun(long runId) {
    return writer.call(tx -> JobTransitions.cancelRun(tx, runId));
  }

  @Override
  public int replay(long jobId) {
    return writer.call(tx -> JobTransitions.replay(tx, jobId));
  }

  @Override
  public Optional<JobView> job(long jobId) {
    return read(c -> JobQueries.job(c, jobId));
  }

  @Override
  public List<JobSummary> runJobs(long runId) {
    return read(c -> JobQueries.runJobs(c, runId));
  }

  @Override
  public Optional<RunView> run(long runId) {
    return read(c -> JobQueries.run(c, runId));
  }

  @Override
  public List<RunView> runs(int limit) {
    return read(c -> JobQueries.runs(c, limit));
  }

  @Override
  public Stats stats() {
    return read(JobQueries::stats);
  }

  @Override
  public List<DeadLetter> deadLetters(int limit) {
    return read(c -> JobQueries.deadLetters(c, limit));
  }

  @Override
  public Map<String, Integer> queueConcurrency() {
    return read(JobQueries::queueConcurrency);
  }

  @Override
  public boolean hasActiveJobs(Set<String> queues, Long runId) {
    return read(c -> JobQueries.hasActiveJobs(c, queues, runId));
  }

  @Override
  public Optional<Instant> nextRetryAt(Set<String> queues, Long runId) {
    return read(c -> JobQueries.nextRetryAt(c, queues, runId));
  }

  @Override
  public void addListener(JobListener listener) {
    writer.addListener(listener);
  }

  @Override
  public void removeListener(JobListener listener) {
    writer.removeListener(listener);
  }

  @Override
  public void onReady(java.util.function.IntConsumer wakeUp) {
    writer.onReady(wakeUp);
  }

  @FunctionalInterface
  private interface Read<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Runs {@code read} in one read transaction (a consistent snapshot) on a reader connection. */
  private <T> T read(Read<T> read) {
    if (closed) {
      throw new StoreException("store '" + location + "' is closed");
    }
    Connection connection = readers.poll();
    if (connection == null) {
      if (readersOpened.incrementAndGet() <= READERS) {
        connection = connect();
      } else {
        readersOpened.decrementAndGet();
        connection = take();
      }
    }
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
      if (healthy && !closed) {
        readers.offer(connection);
      } else {
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
    writer.close();
    closed = true;
    Connection reader;
    while ((reader = readers.poll()) != null) {
      closeQuietly(reader);
    }
    closeQuietly(writerConnection);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing more to do with a connection that will not close.
    }
  }
}
