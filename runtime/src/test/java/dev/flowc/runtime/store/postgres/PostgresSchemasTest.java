package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.NewRun;
import dev.flowc.runtime.store.StoreOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * flowc installations in several schemas of one database ({@code currentSchema} in the URL, as
 * docs/several-machines.md offers): they neither hear each other's announcements nor wait for each
 * other's migrations, while the stores of one installation still do both; and an older flowc on the
 * default schema still hears a newer one and is heard by it.
 */
class PostgresSchemasTest {
  @RegisterExtension final FreshPostgresDatabase database = new FreshPostgresDatabase();

  private final List<PostgresJobStore> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(PostgresJobStore::close);
  }

  /** Creates {@code schema} (a name as it is, quoted) and returns the URL of a store in it. */
  private String schema(String schema) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + PostgresChannels.quoted(schema));
    }
    return inSchema(schema);
  }

  /** The URL of a store in {@code schema}, quoted in {@code currentSchema} as its name needs. */
  private String inSchema(String schema) {
    return database.url()
        + "&currentSchema="
        + URLEncoder.encode(PostgresChannels.quoted(schema), StandardCharsets.UTF_8)
            .replace("+", "%20");
  }

  private PostgresJobStore open(String url) {
    PostgresJobStore store = PostgresJobStore.open(url, StoreOptions.defaults(), null);
    opened.add(store);
    return store;
  }

  private static Plan plan(String... stages) {
    List<JobSpec> jobs = new ArrayList<>();
    for (String stage : stages) {
      jobs.add(JobSpec.builder(stage, "builtin.noop").build());
    }
    return new Plan(
        "pg", null, null, Map.of(), List.of(new QueueSpec(QueueSpec.DEFAULT, null)), jobs);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Waits until {@code count} connections of the database listen on {@code channel}. */
  private void awaitListening(String channel, int count) throws InterruptedException {
    await(
        () -> {
          try (Connection connection = database.connect();
              PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                          + " AND query = ? AND state = 'idle'")) {
            // The listener's last statement: LISTEN on the cancel channel, after the ready one.
            statement.setString(1, "LISTEN " + PostgresChannels.quoted(channel));
            try (ResultSet rows = statement.executeQuery()) {
              rows.next();
              return rows.getInt(1) >= count;
            }
          } catch (SQLException e) {
            return false;
          }
        },
        count + " connection(s) listen on " + channel);
  }

  /** Sends a notification as another process would, after everything committed before. */
  private void notify(String channel, String payload) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      statement.setString(1, channel);
      statement.setString(2, payload);
      statement.execute();
    }
  }

  @Test
  void a_job_made_ready_in_one_schema_wakes_the_stores_of_that_schema_and_not_of_another()
      throws Exception {
    String a = schema("tenant_a");
    String b = schema("tenant_b");
    PostgresJobStore submitter = open(a);
    PostgresJobStore sameSchema = open(a);
    PostgresJobStore otherSchema = open(b);
    AtomicInteger sameWakeUps = new AtomicInteger();
    AtomicInteger otherWakeUps = new AtomicInteger();
    sameSchema.onReady(priority -> sameWakeUps.incrementAndGet());
    otherSchema.onReady(priority -> otherWakeUps.incrementAndGet());
    awaitListening(sameSchema.channels().cancel(), 1);
    awaitListening(otherSchema.channels().cancel(), 1);

    submitter.createRun(new NewRun(plan("a"), null));
    await(() -> sameWakeUps.get() >= 1, "the store of the same schema woken");
    // A notification on the other schema's channel, sent after the announcements: a listener gets
    // notifications in commit order, so once it got this one it got the announcements before it,
    // had it heard them.
    notify(otherSchema.channels().ready(), "marker");
    await(() -> otherWakeUps.get() >= 1, "the store of the other schema woken by the marker");
    assertThat(otherWakeUps).as("woken by the marker alone").hasValue(1);
  }

  @Test
  void a_cancellation_in_one_schema_reaches_the_stores_of_that_schema_and_not_of_another()
      throws Exception {
    String a = schema("tenant_a");
    String b = schema("tenant_b");
    PostgresJobStore canceller = open(a);
    PostgresJobStore sameSchema = open(a);
    PostgresJobStore otherSchema = open(b);
    AtomicInteger sameChecks = new AtomicInteger();
    AtomicInteger otherChecks = new AtomicInteger();
    sameSchema.onCancelRequested(sameChecks::incrementAndGet);
    otherSchema.onCancelRequested(otherChecks::incrementAndGet);
    awaitListening(sameSchema.channels().cancel(), 1);
    awaitListening(otherSchema.channels().cancel(), 1);

    canceller.createRun(new NewRun(plan("a"), null));
    Instant now = canceller.clock().instant();
    List<ClaimedJob> running =
        canceller.claim(
            new ClaimRequest(
                "w", Set.of(), Set.of(), null, 1, now, now.plus(Duration.ofMinutes(1))));
    assertThat(running).hasSize(1);
    assertThat(canceller.cancelJob(running.get(0).id())).isTrue();
    await(() -> sameChecks.get() == 1, "the store of the same schema told of the cancellation");
    notify(otherSchema.channels().cancel(), "");
    await(() -> otherChecks.get() >= 1, "the store of the other schema told by the marker");
    assertThat(otherChecks).as("told by the marker alone").hasValue(1);
  }

  @Test
  void a_store_in_the_public_schema_keeps_the_channels_of_older_flowc_and_others_do_not_hear_them()
      throws Exception {
    // database.url() names no schema: the tables go to public, as for most users.
    PostgresJobStore current = open(database.url());
    PostgresJobStore otherSchema = open(schema("tenant_b"));
    assertThat(current.channels()).isEqualTo(PostgresChannels.LEGACY);
    AtomicInteger wakeUps = new AtomicInteger();
    AtomicInteger cancelChecks = new AtomicInteger();
    AtomicInteger otherWakeUps = new AtomicInteger();
    current.onReady(priority -> wakeUps.incrementAndGet());
    current.onCancelRequested(cancelChecks::incrementAndGet);
    otherSchema.onReady(priority -> otherWakeUps.incrementAndGet());
    awaitListening("flowc_cancel", 1);
    awaitListening(otherSchema.channels().cancel(), 1);

    try (Connection older = database.connect();
        Statement statement = older.createStatement()) {
      // An older flowc process on the same store: it listens on flowc_ready, unquoted.
      statement.execute("LISTEN flowc_ready");
      org.postgresql.PGConnection pg = older.unwrap(org.postgresql.PGConnection.class);

      // It announces with pg_notify('flowc_ready', queue) and pg_notify('flowc_cancel', ''). The
      // newer store has committed nothing yet: only these can wake it.
      notify("flowc_ready", "q");
      notify("flowc_cancel", "");
      await(() -> wakeUps.get() >= 1, "the newer store woken by the older process");
      await(() -> cancelChecks.get() >= 1, "the newer store told of its cancellation");

      current.enqueue(EnqueueRequest.builder("builtin.noop").queue("q").build());
      assertThat(payloads(pg)).as("the older process hears the newer").containsExactly("q");
      statement.execute("UNLISTEN *");
    }
    notify(otherSchema.channels().ready(), "marker");
    await(() -> otherWakeUps.get() >= 1, "the store of the other schema woken by the marker");
    assertThat(otherWakeUps).as("deaf to the public schema's announcements").hasValue(1);
  }

  /** The payloads of the next notifications, waiting up to 30 s for the first. */
  private static List<String> payloads(org.postgresql.PGConnection pg) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      org.postgresql.PGNotification[] notifications = pg.getNotifications(500);
      if (notifications != null && notifications.length > 0) {
        List<String> payloads = new ArrayList<>();
        for (org.postgresql.PGNotification notification : notifications) {
          payloads.add(notification.getParameter());
        }
        return payloads;
      }
    }
    return List.of();
  }

  @Test
  void stores_in_schemas_named_with_any_characters_or_at_the_longest_wake_each_other()
      throws Exception {
    String awkward = "Tenant \"A\". x";
    String longestReadable = "r".repeat(50); // flowc_cancel.rrr...: 63 bytes, not cut short
    String longest = "s".repeat(63);
    for (String name : List.of(awkward, longestReadable, longest, "Ünïcödé")) {
      String url = schema(name);
      PostgresJobStore submitter = open(url);
      PostgresJobStore worker = open(inSchema(name));
      assertThat(worker.channels()).isEqualTo(PostgresChannels.of(name));
      try (Connection connection = database.connect();
          Statement statement = connection.createStatement();
          ResultSet tables =
              statement.executeQuery(
                  "SELECT count(*) FROM pg_tables WHERE tablename = 'jobs' AND schemaname = '"
                      + name.replace("'", "''")
                      + "'")) {
        tables.next();
        assertThat(tables.getInt(1)).as("the tables are in " + name).isEqualTo(1);
      }
      AtomicInteger wakeUps = new AtomicInteger();
      worker.onReady(priority -> wakeUps.incrementAndGet());
      awaitListening(worker.channels().cancel(), 1);
      RunView run = submitter.createRun(new NewRun(plan("a"), null));
      await(() -> wakeUps.get() >= 1, "the store in " + name + " woken");
      assertThat(worker.runJobs(run.id())).hasSize(1);
    }
  }

  @Test
  void stores_reaching_one_schema_by_different_spellings_of_the_search_path_share_its_channels()
      throws Exception {
    String url = schema("tenant_a");
    PostgresJobStore plain = open(url);
    // A schema that does not exist first, the same schema in upper case without quotes (folded to
    // lower case), and another after it.
    PostgresJobStore spelled = open(database.url() + "&currentSchema=missing,TENANT_A,public");
    assertThat(spelled.channels()).isEqualTo(plain.channels());
    AtomicInteger wakeUps = new AtomicInteger();
    spelled.onReady(priority -> wakeUps.incrementAndGet());
    awaitListening(spelled.channels().cancel(), 1);
    plain.enqueue(EnqueueRequest.builder("builtin.noop").build());
    await(() -> wakeUps.get() >= 1, "the store spelling the path otherwise woken");
  }

  @Test
  void a_url_naming_only_a_schema_that_does_not_exist_is_refused_in_one_line() {
    assertThatThrownBy(() -> open(database.url() + "&currentSchema=nowhere"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no schema to keep its tables in")
        .hasMessageNotContaining("\n");
  }

  @Test
  void a_migration_in_one_schema_does_not_hold_up_one_in_another_and_each_has_its_own_tables()
      throws Exception {
    String a = schema("tenant_a");
    String b = schema("tenant_b");
    try (Connection migrating = database.connect();
        Statement statement = migrating.createStatement()) {
      // What a migration of tenant_a holds until its commit.
      migrating.setAutoCommit(false);
      statement.execute(
          "SELECT pg_advisory_xact_lock_shared(" + PostgresMigrations.DATABASE_LOCK_KEY + ")");
      statement.execute(
          "SELECT pg_advisory_xact_lock("
              + PostgresMigrations.SCHEMA_LOCKS
              + ", "
              + PostgresMigrations.schemaLockKey("tenant_a")
              + ")");

      CompletableFuture<PostgresJobStore> inA = CompletableFuture.supplyAsync(() -> open(a));
      // tenant_b migrates meanwhile: before, one lock for the whole database made it wait.
      CompletableFuture<PostgresJobStore> inB = CompletableFuture.supplyAsync(() -> open(b));
      assertThat(inB.get(60, TimeUnit.SECONDS).runs(1)).isEmpty();
      awaitWaitingForAnAdvisoryLock();
      assertThat(inA).as("the same schema's migration waits").isNotDone();
      migrating.commit();
      assertThat(inA.get(60, TimeUnit.SECONDS).runs(1)).isEmpty();
    }
    for (String schema : List.of("tenant_a", "tenant_b")) {
      try (Connection connection = database.connect();
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*), max(version) FROM " + schema + ".flowc_schema")) {
        rows.next();
        assertThat(rows.getInt(1)).as(schema + " migrated once").isEqualTo(latest());
        assertThat(rows.getInt(2)).isEqualTo(latest());
      }
    }
  }

  @Test
  void a_migration_waits_for_one_of_an_older_flowc_in_any_schema_of_the_database()
      throws Exception {
    String b = schema("tenant_b");
    try (Connection older = database.connect();
        Statement statement = older.createStatement()) {
      // An older flowc migrating another schema: the database's lock, exclusively.
      older.setAutoCommit(false);
      statement.execute(
          "SELECT pg_advisory_xact_lock(" + PostgresMigrations.DATABASE_LOCK_KEY + ")");
      CompletableFuture<PostgresJobStore> inB = CompletableFuture.supplyAsync(() -> open(b));
      awaitWaitingForAnAdvisoryLock();
      assertThat(inB).isNotDone();
      older.commit();
      assertThat(inB.get(60, TimeUnit.SECONDS).runs(1)).isEmpty();
    }
  }

  private static int latest() {
    return PostgresMigrations.latest();
  }

  private void awaitWaitingForAnAdvisoryLock() throws InterruptedException {
    await(
        () -> {
          try (Connection connection = database.connect();
              Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery(
                      "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                          + " WHERE l.locktype = 'advisory' AND NOT l.granted"
                          + " AND d.datname = current_database()")) {
            rows.next();
            return rows.getInt(1) > 0;
          } catch (SQLException e) {
            return false;
          }
        },
        "a migration waits for an advisory lock");
  }
}
