package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.store.jdbc.BulkLoader;
import dev.flowc.runtime.store.jdbc.Dialect;
import dev.flowc.runtime.store.jdbc.WriteTx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL's SQL: many transactions at once, so claims skip rows another claim locked, ids come
 * from the jobs' identity sequence, and jobs made ready are announced with {@code NOTIFY} after the
 * commit ({@link ReadyAnnouncer}).
 */
final class PostgresDialect implements Dialect {
  private final PostgresChannels channels;

  /**
   * @param channels the store's channels: those of the schema its tables are in
   */
  PostgresDialect(PostgresChannels channels) {
    this.channels = channels;
  }

  // The sequence is looked up once per statement (OFFSET 0 keeps the subquery from being pulled
  // up): in the select list, pg_get_serial_sequence ran once per id, a catalog lookup each, and
  // reserving 1,000 ids took 4-6 ms of the server's time instead of under 1 (docs/performance.md).
  // One row, the ids as an array's text, not a row per id: the driver's loop over 1,000 rows
  // took about 1 s of the JIT compilers' time in a cold JVM, and the client's time per row.
  private static final String RESERVE_IDS =
      "SELECT array_agg(nextval(s.seq))::text FROM (SELECT pg_get_serial_sequence('jobs', 'id')"
          + "::regclass AS seq OFFSET 0) s, generate_series(1, ?)";

  // The same in a statement that is its own transaction (autocommit: JdbcJobStore.callSingleWrite).
  // nextval gives the transaction an id when it logs the sequence, and so the commit a WAL flush
  // (1-10 ms here) that no one needs: a job stored with one of these ids commits after the
  // sequence's log record, whose flush its own commit forces first; ids of a call that never
  // committed may be given again after a crash of the server, and no job holds them.
  private static final String RESERVE_IDS_ALONE =
      "SELECT array_agg(nextval(s.seq))::text FROM (SELECT pg_get_serial_sequence('jobs', 'id')"
          + "::regclass AS seq, set_config('synchronous_commit', 'off', true) OFFSET 0) s,"
          + " generate_series(1, ?)";

  // set_config(..., true) is SET LOCAL: for this transaction alone. The subquery's one row is
  // joined to every row claimed, so it has run before the first is updated; when no row is
  // claimed, the transaction writes nothing and its commit waits for nothing either way.
  private static final String LAZY_CLAIM_SOURCE =
      " FROM (SELECT set_config('synchronous_commit', 'off', true)) AS lazy_commit";

  @Override
  public String claimLocking() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public void lockQueues(WriteTx tx, java.util.List<String> queues) throws SQLException {
    PreparedStatement lock =
        tx.prepare("SELECT name FROM queues WHERE name = ANY (?) ORDER BY name FOR UPDATE");
    lock.setArray(1, tx.connection().createArrayOf("text", queues.toArray()));
    lock.executeQuery().close();
  }

  /**
   * A transaction-scoped advisory lock per key, in the lock space of the two-integer form with its
   * own first integer, taken in the order of the keys' hashes so that two batches never wait for
   * each other in a circle. A lock rather than {@code INSERT ... ON CONFLICT}: new jobs go in by
   * {@code COPY} ({@link CopyLoader}), which has no conflict clause. Two keys of one hash share a
   * lock, which only makes them wait for each other.
   */
  @Override
  public void lockUniqueKeys(WriteTx tx, java.util.Collection<String> keys) throws SQLException {
    int[] hashes = keys.stream().mapToInt(PostgresDialect::keyHash).distinct().sorted().toArray();
    PreparedStatement lock = tx.prepare("SELECT pg_advisory_xact_lock(?, ?)");
    for (int hash : hashes) {
      lock.setInt(1, UNIQUE_KEY_LOCKS);
      lock.setInt(2, hash);
      lock.executeQuery().close();
    }
  }

  /** The first integer of the unique keys' advisory locks: "fluk" in ASCII. */
  private static final int UNIQUE_KEY_LOCKS = 0x666c756b;

  /** A hash of a key that every process computes alike (FNV-1a over its UTF-8 bytes). */
  static int keyHash(String key) {
    int hash = 0x811c9dc5;
    for (byte b : key.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return hash;
  }

  @Override
  public String newRunId() {
    return "DEFAULT"; // the serial's sequence, which never goes back
  }

  @Override
  public long[] reserveJobIds(WriteTx tx, int count) throws SQLException {
    long[] ids = new long[count];
    if (count == 0) {
      return ids;
    }
    PreparedStatement reserve =
        tx.prepare(tx.connection().getAutoCommit() ? RESERVE_IDS_ALONE : RESERVE_IDS);
    reserve.setInt(1, count);
    try (ResultSet rows = reserve.executeQuery()) {
      rows.next();
      readIds(rows.getString(1), ids);
    }
    // Increasing within one call; another transaction's ids may fall between them.
    java.util.Arrays.sort(ids);
    return ids;
  }

  @Override
  public int maxJobsWithNewIds() {
    return NewJobsInsert.MAX_ROWS;
  }

  @Override
  public long[] insertJobsWithNewIds(
      WriteTx tx,
      java.util.List<String> columns,
      java.util.List<Object[]> rows,
      java.util.Collection<String> newQueues)
      throws SQLException {
    return NewJobsInsert.insert(tx, columns, rows, newQueues);
  }

  /** Fills {@code ids} from the text of an array of as many positive integers ({@code {1,2}}). */
  static void readIds(String array, long[] ids) {
    int count = 0;
    long id = -1;
    for (int i = 1; array != null && i < array.length(); i++) {
      char c = array.charAt(i);
      if (c >= '0' && c <= '9') {
        id = (id < 0 ? 0 : id * 10) + (c - '0');
      } else if (id >= 0) { // ',' or the closing '}' after an id
        if (count < ids.length) {
          ids[count] = id;
        }
        count++;
        id = -1;
      }
    }
    if (count != ids.length) {
      throw new IllegalStateException(
          "the database reserved %d job ids, not %d".formatted(count, ids.length));
    }
  }

  @Override
  public String runsView() {
    return "runs_now";
  }

  /**
   * {@code synchronous_commit} off for this transaction alone: its commit returns without waiting
   * for the WAL's flush (about 1.5 ms of fsync on this project's test machine, more when the disk
   * is busy), which is most of a claim's time. The next durable commit of any connection flushes
   * the WAL up to its own record, this one's included.
   */
  /**
   * The claimed job's dependencies' results, read by the claim: a chain's child then starts without
   * a round trip of its own after its claim (0.4-1 ms on this project's test machine, more under
   * load). Only for an input that may refer to them, and only up to 64 KB of results, so that a
   * claim of hundreds of jobs with large results does not hold them all in the worker's buffer:
   * beyond that the job reads them when it starts, as before. {@code jobs} here is the claimed row;
   * the parents' results, written by an earlier statement of the transaction (a completion that
   * claims after it) or committed before, are there to read.
   */
  @Override
  public String claimedResults() {
    return CLAIMED_RESULTS;
  }

  private static final String CLAIMED_RESULTS =
      ", CASE WHEN strpos(input, '\"$') > 0 THEN (SELECT CASE WHEN coalesce(sum(octet_length("
          + "d.result)), 0) <= 65536 THEN coalesce(json_agg(json_build_array(d.stage, d.state,"
          + " d.result::json)), '[]') END FROM jobs d WHERE d.id = ANY (ARRAY(SELECT depends_on"
          + " FROM job_deps WHERE job_id = coalesce(jobs.group_id, jobs.id)))) END";

  @Override
  public String lazyClaimSource() {
    return LAZY_CLAIM_SOURCE;
  }

  /** A data-modifying {@code WITH}: its rows, or one row of nulls when it claimed none. */
  @Override
  public String claimSayingIfLimited(String claim, String limited) {
    return "WITH claimed AS ("
        + claim
        + ") SELECT claimed.*, limits.limited FROM (SELECT "
        + limited
        + " AS limited) limits LEFT JOIN claimed ON true";
  }

  /**
   * An array of ids, not an {@code IN} subquery: with no statistics on a freshly filled {@code
   * jobs} table, a generic plan of the subquery hash-joined a sequential scan of every job, for
   * each completion (a layered DAG of 6,000 jobs ran at ~360 jobs/s in one process). {@code id =
   * ANY (array)} can only be looked up in the primary key.
   */
  @Override
  public String dependentsOf(String job) {
    return "id = ANY (ARRAY(SELECT job_id FROM job_deps WHERE depends_on = "
        + job
        + " ORDER BY job_id))";
  }

  /** As {@link #dependentsOf}: a join of the same shape also scanned every job per read. */
  @Override
  public String dependenciesOf(String job) {
    return "id = ANY (ARRAY(SELECT depends_on FROM job_deps WHERE job_id = " + job + "))";
  }

  @Override
  public BulkLoader bulkLoader(WriteTx tx, String table, java.util.List<String> columns) {
    return new CopyLoader(tx.connection(), table, columns);
  }

  @Override
  public boolean batchesCompletions() {
    return true;
  }

  @Override
  public boolean releasesInCompletion() {
    return true;
  }

  /**
   * A multi-statement query goes as one message sequence with one {@code Sync} (pgjdbc), so the
   * server runs the statement and the {@code COMMIT} without a round trip between; once the server
   * says no transaction is open, the driver's {@code commit()} sends nothing.
   */
  @Override
  public String commitWithLastStatement() {
    return "; COMMIT";
  }

  @Override
  public void announceCancel(WriteTx tx) throws SQLException {
    PreparedStatement notify = tx.prepare("SELECT pg_notify(?, '')");
    notify.setString(1, channels.cancel());
    notify.execute();
  }

  @Override
  public StoreException translate(String location, String doing, SQLException e) {
    return PostgresErrors.translate(location, doing, e);
  }

  @Override
  public boolean isRetryable(SQLException e) {
    return PostgresErrors.isRetryable(e);
  }
}
