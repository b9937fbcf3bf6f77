package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.StoreException;
import java.sql.SQLException;

/**
 * What differs between the SQL databases a {@link JdbcJobStore} runs on. The transitions and
 * queries are written once, in SQL both SQLite and PostgreSQL take ({@code UPDATE ... RETURNING},
 * {@code ON CONFLICT}, integer times and flags); only what cannot be written once is asked of the
 * dialect.
 */
public interface Dialect {

  /**
   * What follows the claim's inner {@code SELECT ... LIMIT ?}: nothing where one writer claims at a
   * time (SQLite), {@code FOR UPDATE SKIP LOCKED} where many transactions claim at once.
   */
  String claimLocking();

  /**
   * Whether a claim reads its jobs with a {@code SELECT} and then marks them running with an {@code
   * UPDATE} of the same rows, rather than in one {@code UPDATE ... RETURNING}: where one writer
   * writes at a time (SQLite), nothing can change the ready jobs between the two, and SQLite's
   * {@code RETURNING} (rows kept aside, then put back in the claim's order) cost more than reading
   * the rows first (issue 10). False where claims run at once: the {@code UPDATE} may then find
   * other rows than the {@code SELECT} did.
   */
  default boolean claimReadsFirst() {
    return false;
  }

  /**
   * Locks the rows of {@code queues} (sorted) in the {@code queues} table until the transaction
   * ends, so claims of a queue with a concurrency limit are serialized across every worker; nothing
   * where one writer claims at a time.
   */
  void lockQueues(WriteTx tx, java.util.List<String> queues) throws SQLException;

  /**
   * Makes the enqueues of jobs with any of {@code keys} (unique keys, see {@link
   * dev.flowc.runtime.EnqueueRequest#uniqueKey}) wait for each other until the transaction ends, so
   * that the one that comes second sees the first one's job when it looks for a holder of its key;
   * nothing where one writer writes at a time. The unique index of non-final jobs is the rule; this
   * makes a race end in the first job's id rather than in a failed insert.
   */
  default void lockUniqueKeys(WriteTx tx, java.util.Collection<String> keys) throws SQLException {}

  /**
   * Reserves {@code count} new job ids in increasing order (a run's jobs take them in the plan's
   * topological order, so id order stays a topological order).
   */
  long[] reserveJobIds(WriteTx tx, int count) throws SQLException;

  /**
   * The most rows of new jobs that {@link #insertJobsWithNewIds} takes in one call; 0 where the
   * dialect has no such statement (then ids are reserved and the rows loaded after).
   */
  default int maxJobsWithNewIds() {
    return 0;
  }

  /**
   * Inserts {@code rows} into the jobs table with one statement that also takes their ids from the
   * jobs' sequence and adds the rows of {@code newQueues} to the queues table where missing, and
   * returns the ids, increasing, in the rows' order. {@code columns} starts with {@code id}, whose
   * value in each row is ignored; the others' values are as {@link BulkLoader#add} takes them. For
   * at most {@link #maxJobsWithNewIds} rows.
   */
  default long[] insertJobsWithNewIds(
      WriteTx tx,
      java.util.List<String> columns,
      java.util.List<Object[]> rows,
      java.util.Collection<String> newQueues)
      throws SQLException {
    throw new UnsupportedOperationException("no statement inserts jobs with new ids");
  }

  /**
   * The value of a new run's {@code id} in an {@code INSERT ... VALUES}: an id no run of the store
   * ever had, even one purged since, so that a run key, a schedule's last run or an id a user kept
   * never names another run. Job ids ({@link #reserveJobIds}) follow the same rule.
   */
  String newRunId();

  /**
   * A column that a claim's {@code RETURNING} adds after its job's columns: the results of the
   * job's dependencies (its stage's, for an item) when its input may refer to them, as a JSON array
   * of {@code [stage, state, result]}, so that the job starts without a read of its own ({@link
   * JobQueries#claimedResults}); {@code NULL} where they were not read. Empty (no column) where a
   * read costs no round trip.
   */
  default String claimedResults() {
    return "";
  }

  /**
   * A {@code FROM} clause for a claim's {@code UPDATE} that lets its transaction commit without
   * waiting for its log to reach the disk, where the database can; empty where every commit is
   * durable. A claim may commit lazily: a crash of the database may forget it without harm (the job
   * is ready again and runs again, as when its worker is lost), and any later durable commit makes
   * it durable with it. A clause of the statement rather than a statement of its own, because on a
   * server each statement is a round trip, and a worker of short jobs claims often.
   */
  default String lazyClaimSource() {
    return "";
  }

  /**
   * The claim {@code claim} (an {@code UPDATE ... RETURNING}) with one more column, the boolean
   * {@code limited}: whether any queue has a concurrency limit or a rate. By default it joins the
   * {@code RETURNING} list, so a claim that takes no job does not say; a database that can also
   * answers then, in one row whose other columns are null, so that a claim that finds nothing is
   * one statement too.
   */
  default String claimSayingIfLimited(String claim, String limited) {
    return claim + ", " + limited;
  }

  /**
   * Where runs are read, with current counters and status: {@code runs} where every transaction
   * updates a run's row (SQLite: one writer, no contention), or a view adding the changes kept
   * apart in {@code run_deltas} where a run's row updated by every transaction would serialize all
   * workers (PostgreSQL). The view has the columns of {@code runs}.
   */
  String runsView();

  /**
   * Runs before the commit of a transaction that asked running jobs to stop: tells the workers of
   * other processes to look at once ({@code NOTIFY}), not at their next heartbeat; nothing where
   * there is no such channel.
   */
  void announceCancel(WriteTx tx) throws SQLException;

  /**
   * The condition "{@code id} is a job that depends on the job {@code job}" (an SQL expression,
   * with its parameters), for the release of a completed job's children. The default is a plain
   * {@code IN} subquery. A database that plans prepared statements once for every parameter may
   * pick a scan of all jobs for it while the table's statistics are missing (a run just stored) and
   * keep it: there the condition must leave the planner only the primary key's index.
   */
  default String dependentsOf(String job) {
    return "id IN (SELECT job_id FROM job_deps WHERE depends_on = " + job + ")";
  }

  /**
   * As {@link #dependentsOf}, the other way: "{@code id} is a job that the job {@code job} (an SQL
   * expression, with its parameters) depends on", for reading a job's parents' results.
   */
  default String dependenciesOf(String job) {
    return "id IN (SELECT depends_on FROM job_deps WHERE job_id = " + job + ")";
  }

  /**
   * Whether a shared transaction completes consecutive jobs in one statement and locks the children
   * of its completions first, in id order ({@link WriteBatch}): where many transactions run at once
   * and each statement is a round trip. The statements use PostgreSQL's arrays ({@code unnest}).
   */
  default boolean batchesCompletions() {
    return false;
  }

  /**
   * Whether a completion releases the job's children, and keeps its run's counter change apart
   * ({@link #runsView} other than {@code runs}), in its own statement (a data-modifying {@code
   * WITH}, PostgreSQL's): where each statement is a round trip, and it lies between a parent's end
   * and its child's start.
   */
  default boolean releasesInCompletion() {
    return false;
  }

  /**
   * The text that, appended to a transaction's last statement, commits the transaction with it in
   * one round trip ({@code "; COMMIT"}), or {@code null} where a statement cannot carry its commit.
   * The transaction strategy's commit afterwards then has nothing left to do.
   */
  default String commitWithLastStatement() {
    return null;
  }

  /**
   * A loader of rows into {@code table}'s {@code columns} in bulk within {@code tx} (PostgreSQL's
   * {@code COPY}, SQLite's multi-row {@code INSERT}s), or {@code null} where the dialect has none
   * faster than a batch of one-row {@code INSERT}s.
   */
  default BulkLoader bulkLoader(WriteTx tx, String table, java.util.List<String> columns)
      throws SQLException {
    return null;
  }

  /**
   * Whether write transactions of several connections run at once (PostgreSQL), so that one may not
   * see what another is committing; false where one writer writes at a time (SQLite).
   */
  default boolean concurrentWriters() {
    return !runsView().equals("runs");
  }

  /** One line a user can act on, with the store's location (never a password) and the reason. */
  StoreException translate(String location, String doing, SQLException e);

  /**
   * Whether a transaction that failed with {@code e} may be run again as it is: a serialization
   * failure or a deadlock another transaction won.
   */
  boolean isRetryable(SQLException e);
}
