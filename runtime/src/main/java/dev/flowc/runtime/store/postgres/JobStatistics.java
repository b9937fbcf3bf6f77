package dev.flowc.runtime.store.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Keeps PostgreSQL's statistics of the jobs table current after this store inserted many jobs (a
 * plan submitted, an {@code enqueueAll}, a fan-out expanded), instead of leaving it to autovacuum,
 * which looks at a table about once a minute ({@code autovacuum_naptime}). Until then the planner
 * believes the table as small as at its last analysis (empty, for a new database) and picks plans
 * that read every ready job for each claim (a bitmap scan and a sort of the whole ready set rather
 * than the ready index in order: 57 ms a claim instead of 0.1 ms with 100,000 jobs ready), and
 * every worker of every process slows down to a crawl for that minute.
 *
 * <p>Analyzes once the jobs this store inserted since its last analysis reach {@link #MIN_ROWS} and
 * the rows the table had then (its size doubled: the planner's estimates are then off by two at
 * most, never by a thousand), on {@code executor}, one at a time (again at once when as many came
 * meanwhile: the next chunks of a large submit). Its {@code ANALYZE} samples {@code 300 x} {@link
 * #STATISTICS_TARGET} rows (3,000) rather than the default 30,000: enough to know the table's size
 * and how its jobs spread over the few states, queues and priorities a claim's plan depends on, for
 * about a seventh of the server's time (on a table of 60,000 jobs, 30-55 ms instead of 350-550 ms,
 * which an {@code enqueueAll} of 1,000 jobs a call paid every 10,000, 20,000, 40,000... jobs: about
 * as much as all their inserts; docs/performance.md). Autovacuum's own analyses keep the server's
 * target. A failure (a role that does not own the table gets a warning, not an error) is logged and
 * leaves it to autovacuum.
 */
final class JobStatistics {
  private static final Logger LOG = Logger.getLogger(JobStatistics.class.getName());

  /**
   * Fewer new rows than this never make a plan go wrong enough to matter (a claim that sorts 10,000
   * ready jobs costs a few milliseconds, for up to hundreds of jobs); each analysis costs the
   * server tens of milliseconds of CPU, which an {@code enqueueAll} of 1,000 jobs a call would
   * otherwise pay every call.
   */
  static final long MIN_ROWS = 10_000;

  /**
   * The statistics target of this store's analyses ({@code default_statistics_target} for that
   * transaction only; a column given its own target keeps it).
   */
  static final int STATISTICS_TARGET = 10;

  private final DataSource pool;
  private final Executor executor;
  private final AtomicLong sinceAnalyze = new AtomicLong();
  private final AtomicBoolean analyzing = new AtomicBoolean();
  private final AtomicLong analyses = new AtomicLong();
  private volatile long rowsAtAnalysis;

  JobStatistics(DataSource pool, Executor executor) {
    this.pool = pool;
    this.executor = executor;
  }

  /** Counts {@code rows} jobs inserted by a transaction that committed. */
  void inserted(int rows) {
    if (rows > 0) {
      sinceAnalyze.addAndGet(rows);
      analyzeIfDue();
    }
  }

  private void analyzeIfDue() {
    if (sinceAnalyze.get() >= Math.max(MIN_ROWS, rowsAtAnalysis)
        && analyzing.compareAndSet(false, true)) {
      try {
        executor.execute(this::analyze);
      } catch (RuntimeException e) { // the store is closing
        analyzing.set(false);
      }
    }
  }

  /** How many analyses this store ran. */
  long analyses() {
    return analyses.get();
  }

  private void analyze() {
    long counted = sinceAnalyze.get();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      try {
        statement.execute("SET LOCAL default_statistics_target = " + STATISTICS_TARGET);
        statement.execute("ANALYZE jobs");
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      connection.setAutoCommit(true);
      try (ResultSet rows =
          statement.executeQuery("SELECT reltuples FROM pg_class WHERE oid = 'jobs'::regclass")) {
        if (rows.next()) {
          rowsAtAnalysis = Math.max(0, rows.getLong(1));
        }
      }
      sinceAnalyze.addAndGet(-counted);
      analyses.incrementAndGet();
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.FINE, "could not analyze the jobs table; autovacuum will", e);
      sinceAnalyze.addAndGet(-counted); // not again at once: it would fail the same way
    } finally {
      analyzing.set(false);
    }
    analyzeIfDue(); // what was inserted meanwhile (the next chunks of a large submit)
  }
}
