package dev.flowc.runtime.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.SyncMode;
import dev.flowc.runtime.store.jdbc.StoreEvents;
import dev.flowc.runtime.store.jdbc.WriteOp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's group commit on a real SQLite file: a waited-for write commits on its caller's
 * thread before the call returns, writes queued meanwhile share one commit, in the order they were
 * queued, and a write nobody waits for is committed by the writer thread.
 */
class SqliteWriterTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private Connection connection;
  private SqliteWriter writer;
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @BeforeEach
  void openWriter() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.db"));
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("CREATE TABLE t (v TEXT NOT NULL)");
    }
    writer =
        new SqliteWriter(
            connection, "w.db", Clock.systemUTC(), SqliteDialect.INSTANCE, new StoreEvents());
  }

  @AfterEach
  void closeWriter() throws SQLException {
    callers.shutdownNow();
    writer.close();
    connection.close();
  }

  private static WriteOp<Thread> insert(String value) {
    return tx -> {
      PreparedStatement insert = tx.prepare("INSERT INTO t (v) VALUES (?)");
      insert.setString(1, value);
      insert.executeUpdate();
      return Thread.currentThread();
    };
  }

  /** The rows another connection sees: what is committed. */
  private List<String> committed() throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.db"));
        Statement statement = reader.createStatement();
        ResultSet rows = statement.executeQuery("SELECT v FROM t ORDER BY rowid")) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** Holds the connection (a transaction of the writer thread) until the latch opens. */
  private CompletableFuture<Thread> holdConnection(CountDownLatch started, CountDownLatch release) {
    return writer.submit(
        tx -> {
          started.countDown();
          try {
            if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
              throw new IllegalStateException("never released");
            }
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return Thread.currentThread();
        });
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(2); // poll interval of a deadline-bounded wait
    }
  }

  /** A writer that may commit lazily, on a connection that syncs every commit. */
  private void allowLazyCommits() throws SQLException {
    writer.close();
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA synchronous = FULL");
    }
    writer =
        new SqliteWriter(
            connection, "w.db", Clock.systemUTC(), SqliteDialect.INSTANCE, new StoreEvents(), true);
  }

  /**
   * Inserts {@code value}; returns the connection's {@code synchronous} setting in the write's
   * transaction: 1 (NORMAL, the commit does not wait for the disk) or 2 (FULL, it does).
   */
  private static WriteOp<Integer> insertReadingSync(String value) {
    return tx -> {
      insert(value).apply(tx);
      try (Statement statement = tx.connection().createStatement();
          ResultSet rows = statement.executeQuery("PRAGMA synchronous")) {
        rows.next();
        return rows.getInt(1);
      }
    };
  }

  @Test
  void a_lazy_call_commits_without_waiting_for_the_disk_and_the_next_commits_wait_again()
      throws Exception {
    allowLazyCommits();

    assertThat(writer.callLazily(insertReadingSync("claim"))).isEqualTo(1);
    assertThat(writer.call(insertReadingSync("enqueue"))).isEqualTo(2);
    assertThat(writer.submit(insertReadingSync("outcome")).get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo(2);

    assertThat(committed()).containsExactly("claim", "enqueue", "outcome");
    assertThat(writer.lazyCommits()).isEqualTo(1);
  }

  @Test
  void lazy_calls_go_ahead_of_the_durable_writes_queued_and_never_share_their_commit()
      throws Exception {
    allowLazyCommits();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Thread> holding = holdConnection(started, release);
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    List<CompletableFuture<Integer>> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outcomes.add(writer.submit(insertReadingSync("outcome " + i)));
    }
    Future<Integer> claim = callers.submit(() -> writer.callLazily(insertReadingSync("claim")));
    await("the claim is queued behind the outcomes", () -> writer.queued() == 4);
    release.countDown();
    holding.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(claim.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    for (CompletableFuture<Integer> outcome : outcomes) {
      assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    }
    assertThat(committed()).containsExactly("claim", "outcome 0", "outcome 1", "outcome 2");
    // The held transaction, the claim's, then one for the three outcomes.
    assertThat(writer.commits()).isEqualTo(3);
    assertThat(writer.lazyCommits()).isEqualTo(1);
  }

  @Test
  void a_lazy_write_that_fails_leaves_the_next_commits_durable() throws Exception {
    allowLazyCommits();

    assertThatThrownBy(
            () ->
                writer.callLazily(
                    tx -> {
                      insert("lost").apply(tx);
                      throw new IllegalStateException("claim failed");
                    }))
        .hasMessage("claim failed");

    assertThat(writer.call(insertReadingSync("enqueue"))).isEqualTo(2);
    assertThat(committed()).containsExactly("enqueue");
    assertThat(writer.lazyCommits()).isZero();
  }

  @Test
  void where_no_commit_waits_for_the_disk_a_lazy_call_is_an_ordinary_call() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Thread> holding = holdConnection(started, release);
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Thread> outcome = writer.submit(insert("outcome"));
    Future<Thread> claim = callers.submit(() -> writer.callLazily(insert("claim")));
    await("the claim is queued behind the outcome", () -> writer.queued() == 2);
    release.countDown();
    holding.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    // Taken in its turn, into the outcome's commit.
    assertThat(claim.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(outcome.join());
    assertThat(committed()).containsExactly("outcome", "claim");
    assertThat(writer.commits()).isEqualTo(2);
    assertThat(writer.lazyCommits()).isZero();
  }

  @Test
  void a_call_returns_once_its_write_is_committed_having_run_it_on_the_callers_thread()
      throws Exception {
    Thread ranOn = writer.call(insert("a"));

    assertThat(committed()).containsExactly("a");
    assertThat(ranOn).isSameAs(Thread.currentThread());
    assertThat(writer.commits()).isEqualTo(1);
  }

  @Test
  void a_write_nobody_waits_for_is_committed_by_the_writer_thread() throws Exception {
    Thread ranOn = writer.submit(insert("a")).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(ranOn.getName()).isEqualTo("flowc-sqlite-writer");
    assertThat(committed()).containsExactly("a");
  }

  @Test
  void calls_made_while_the_connection_is_busy_share_one_commit_of_the_writer_thread()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Thread> holding = holdConnection(started, release);
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    List<Future<Thread>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String value = "c" + i;
      calls.add(callers.submit(() -> writer.call(insert(value))));
    }
    await("the 8 calls are queued", () -> writer.queued() == 8);
    for (Future<Thread> call : calls) {
      assertThat(call).isNotDone(); // none returns before its commit
    }
    release.countDown();
    for (Future<Thread> call : calls) {
      // No caller waits for the connection's lock: the writer thread commits for them.
      assertThat(call.get(WAIT.toSeconds(), TimeUnit.SECONDS).getName())
          .isEqualTo("flowc-sqlite-writer");
    }
    holding.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(committed()).hasSize(8);
    // The held transaction, then one for all eight.
    assertThat(writer.commits()).isEqualTo(2);
  }

  @Test
  void a_call_takes_the_writes_queued_before_it_into_its_commit_in_their_order() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Thread> holding = holdConnection(started, release);
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    List<CompletableFuture<Thread>> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      outcomes.add(writer.submit(insert("outcome " + i)));
    }
    Future<Thread> call = callers.submit(() -> writer.call(insert("enqueue")));
    await("the call is queued behind the outcomes", () -> writer.queued() == 6);
    release.countDown();
    Thread caller = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    holding.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(committed())
        .containsExactly(
            "outcome 0", "outcome 1", "outcome 2", "outcome 3", "outcome 4", "enqueue");
    assertThat(writer.commits()).isEqualTo(2);
    // The writer thread committed all six together.
    Thread committer = outcomes.get(0).join();
    assertThat(committer.getName()).isEqualTo("flowc-sqlite-writer");
    for (CompletableFuture<Thread> outcome : outcomes) {
      assertThat(outcome.join()).isSameAs(committer);
    }
    assertThat(caller).isSameAs(committer);
  }

  @Test
  void a_failing_write_fails_its_own_call_and_the_others_of_its_batch_commit() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    holdConnection(started, release);
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    Future<Thread> good = callers.submit(() -> writer.call(insert("good")));
    await("the good call is queued", () -> writer.queued() == 1);
    Future<Object> bad =
        callers.submit(
            () ->
                writer.call(
                    tx -> {
                      insert("rolled back").apply(tx);
                      throw new IllegalArgumentException("refused");
                    }));
    await("the bad call is queued", () -> writer.queued() == 2);
    release.countDown();

    good.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThatThrownBy(() -> bad.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("refused");
    assertThat(committed()).containsExactly("good");
  }

  @Test
  void an_error_in_a_write_reaches_its_caller_and_the_writer_goes_on() throws Exception {
    assertThatThrownBy(
            () ->
                writer.call(
                    tx -> {
                      throw new StackOverflowError("deep");
                    }))
        .isInstanceOf(StackOverflowError.class);

    writer.call(insert("after"));
    writer.submit(insert("later")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(committed()).containsExactly("after", "later");
  }

  @Test
  void writes_queued_before_close_are_committed_and_later_ones_refused() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    holdConnection(started, release);
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Thread> queued = writer.submit(insert("queued"));
    Future<?> closing = callers.submit(writer::close);
    await("the writer is closed to new writes", writer::isClosed);
    release.countDown();
    closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    queued.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(committed()).containsExactly("queued");
    assertThatThrownBy(() -> writer.call(insert("late")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void listeners_hear_of_enqueues_in_commit_order_whichever_thread_commits() throws Exception {
    List<Long> heard = new CopyOnWriteArrayList<>();
    List<Future<?>> enqueues = new ArrayList<>();
    try (SqliteJobStore store =
        SqliteJobStore.open(dir.resolve("store.db"), SyncMode.NORMAL, Clock.systemUTC())) {
      store.addListener(event -> heard.add(event.jobId()));
      for (int thread = 0; thread < 4; thread++) {
        enqueues.add(
            callers.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    store.enqueue(EnqueueRequest.builder("test.noop").build());
                  }
                  return null;
                }));
      }
      for (Future<?> enqueue : enqueues) {
        enqueue.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    }

    // Ids are given in commit order (the largest so far, plus one), and each commit's events are
    // told before the next commit's.
    assertThat(heard).hasSize(200).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void a_slow_listener_holds_back_no_commit_and_listeners_still_hear_in_commit_order()
      throws Exception {
    List<Long> heard = new CopyOnWriteArrayList<>();
    CountDownLatch listening = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Path file = dir.resolve("store.db");
    try (SqliteJobStore store = SqliteJobStore.open(file, SyncMode.NORMAL, Clock.systemUTC())) {
      store.addListener(
          event -> {
            if (heard.isEmpty()) {
              listening.countDown();
              try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            heard.add(event.jobId());
          });
      Future<Long> first =
          callers.submit(() -> store.enqueue(EnqueueRequest.builder("test.noop").build()));
      assertThat(listening.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      Future<Long> second =
          callers.submit(() -> store.enqueue(EnqueueRequest.builder("test.noop").build()));

      // The listener still holds the first commit's events: the second commits all the same.
      await("the second job is committed", () -> jobsIn(file) == 2);
      assertThat(second).isNotDone(); // its call returns only once its events are told
      release.countDown();

      long firstId = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      long secondId = second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(heard).containsExactly(firstId, secondId);
    }
  }

  @Test
  void a_wake_up_hook_that_throws_fails_no_committed_write() throws Exception {
    Path file = dir.resolve("store.db");
    try (SqliteJobStore store = SqliteJobStore.open(file, SyncMode.NORMAL, Clock.systemUTC())) {
      store.onReady(
          priority -> {
            throw new IllegalStateException("a hook's own bug");
          });

      long first = store.enqueue(EnqueueRequest.builder("test.noop").build());
      long second = store.enqueue(EnqueueRequest.builder("test.noop").build());

      // Each committed once, and its call returns its id: the hook runs after the commit.
      assertThat(second).isGreaterThan(first);
      assertThat(jobsIn(file)).isEqualTo(2);
    }
  }

  /** The jobs committed in the store file {@code file}, read on a connection of its own. */
  private static int jobsIn(Path file) {
    try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = reader.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM jobs")) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
