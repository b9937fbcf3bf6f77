package dev.flowc.runtime.store.jdbc;

import dev.flowc.dag.Backoff;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.store.ClaimRequest;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.Lease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Every state transition of a job, as SQL run in a write transaction. Each one that concerns a
 * running job is guarded by its lease ({@code state = 'running' AND lease_owner = ? AND claims =
 * ?}), so a worker that lost its lease changes nothing.
 */
final class JobTransitions {
  /**
   * "The job is running", for the statements that find their job by primary key, written so that it
   * implies no index's predicate. Written plainly ({@code state = 'running'}), it also lets
   * PostgreSQL read the job through {@code jobs_leased}, the partial index of the running jobs, and
   * a queue's statistics are stale by nature: after an {@code ANALYZE} that saw no job running (one
   * run by autovacuum during a submit, say), that index costs one row, and every completion,
   * heartbeat and reclaim read every running job instead of one (a batch of 256 completions with
   * 12,000 jobs running: 930 ms instead of 3 ms; docs/performance.md, "Issue 10: PostgreSQL with
   * worker processes"). SQLite finds the job by its rowid either way.
   */
  static final String RUNNING = "(state || '') = 'running'";

  private static final String LEASE_GUARD =
      " WHERE id = ? AND " + RUNNING + " AND lease_owner = ? AND claims = ?";

  // The last column says whether any job depends on this one, so a job without dependents (most
  // of them in a wide plan) costs one statement, not two.
  // A job asked to stop (cancel_requested) does not complete, retry or die: whatever its handler
  // did, it ends cancelled (see finishCancelled). The store keeps this rule, so a cancel from
  // another process, or one the worker has not heard of yet, holds too.
  private static final String COMPLETE_GUARDED =
      "UPDATE jobs SET state = 'complete', result = ?, progress = 100, finished_at = ?,"
          + " started_at = coalesce(?, started_at), lease_owner = NULL, lease_until = NULL"
          + LEASE_GUARD
          + " AND cancel_requested = 0";

  private static final String COMPLETE =
      COMPLETE_GUARDED
          + " RETURNING run_id, stage, attempts,"
          + " CASE WHEN EXISTS (SELECT 1 FROM job_deps WHERE depends_on = jobs.id) THEN 1 ELSE 0"
          + " END, started_at, group_id";

  // A parent completed: each blocked child has one unmet dependency less; at zero it is ready,
  // unless it has a gate (a condition or a fan-out: Gates decides, in this transaction).
  // %s: the dialect's condition for the children (Dialect.dependentsOf).
  private static final String RELEASE_CHILDREN =
      """
      UPDATE jobs SET
        unmet = unmet - 1,
        state = CASE WHEN unmet = 1 AND when_expr IS NULL AND each_spec IS NULL
          THEN 'pending' ELSE state END,
        run_at = CASE WHEN unmet = 1 THEN ? ELSE run_at END
      WHERE %s AND state = 'blocked'
      RETURNING id, run_id, stage, state, attempts, priority, queue, unmet""";

  // COMPLETE and RELEASE_CHILDREN in one statement (dialects that releasesInCompletion), with the
  // run's counter change kept apart (RunCounters' run_deltas, which such a dialect reads), one row
  // per job changed: the completed job's first (its last column 1), then the children released
  // (0), their columns those of RELEASE_CHILDREN. No row: the guard refused the completion, and
  // nothing else changed. %s: the dialect's condition for the children (Dialect.dependentsOf).
  private static final String COMPLETE_AND_RELEASE =
      "WITH done AS ("
          + COMPLETE_GUARDED
          + " RETURNING id, run_id, stage, attempts, started_at, group_id),"
          + " released AS ("
          + RELEASE_CHILDREN
          + "),"
          + """
           counted AS (
            INSERT INTO run_deltas (run_id, unfinished, dead, cancelled, at)
            SELECT run_id, -1, 0, 0, ? FROM done WHERE run_id IS NOT NULL)
          SELECT id, run_id, stage, 'complete', attempts, NULL::int, NULL::text, NULL::int,
            started_at, group_id, 1 AS completed FROM done
          UNION ALL
          SELECT id, run_id, stage, state, attempts, priority, queue, unmet, NULL, NULL, 0
          FROM released
          ORDER BY completed DESC""";

  // RELEASE_CHILDREN per dialect condition, formatted once, not at every completion.
  private static final java.util.Map<String, String> RELEASE_CHILDREN_BY_CONDITION =
      new java.util.concurrent.ConcurrentHashMap<>();

  // Many completions in one statement (dialects that batchesCompletions: PostgreSQL's arrays), with
  // the same guard and effects as COMPLETE; the rows come back in no particular order. The state
  // is tested as in RUNNING, so that the plan looks each job up by primary key (a nested loop over
  // the arrays) whatever the statistics say.
  static final String COMPLETE_MANY =
      """
      UPDATE jobs SET state = 'complete', result = c.result, progress = 100, finished_at = ?,
        started_at = coalesce(c.started, jobs.started_at), lease_owner = NULL, lease_until = NULL
      FROM unnest(?::bigint[], ?::text[], ?::int[], ?::text[], ?::bigint[])
        AS c(id, owner, claims, result, started)
      WHERE jobs.id = c.id AND (jobs.state || '') = 'running' AND jobs.lease_owner = c.owner
        AND jobs.claims = c.claims AND jobs.cancel_requested = 0
      RETURNING jobs.id, jobs.claims, jobs.run_id, jobs.stage, jobs.attempts,
        CASE WHEN EXISTS (SELECT 1 FROM job_deps WHERE depends_on = jobs.id) THEN 1 ELSE 0 END,
        jobs.started_at, jobs.group_id""";

  // The blocked children of the parents bound, locked in id order (a SELECT's rows are locked
  // after its sort), before a batch changes anything: see WriteBatch.
  private static final String LOCK_CHILDREN =
      """
      SELECT id FROM jobs
      WHERE id = ANY (ARRAY(SELECT job_id FROM job_deps WHERE depends_on = ANY (?)))
        AND state = 'blocked'
      ORDER BY id FOR UPDATE""";

  // RELEASE_CHILDREN for many parents at once: a child loses one unmet dependency per parent
  // among them. The id condition leaves the planner the primary key (see Dialect.dependentsOf).
  private static final String RELEASE_CHILDREN_OF_MANY =
      """
      UPDATE jobs SET
        unmet = unmet - p.n,
        state = CASE WHEN unmet = p.n AND when_expr IS NULL AND each_spec IS NULL
          THEN 'pending' ELSE state END,
        run_at = CASE WHEN unmet = p.n THEN ? ELSE run_at END
      FROM (SELECT job_id, count(*)::int AS n FROM job_deps WHERE depends_on = ANY (?)
            GROUP BY job_id) p
      WHERE jobs.id = ANY (ARRAY(SELECT job_id FROM job_deps WHERE depends_on = ANY (?)))
        AND jobs.id = p.job_id AND jobs.state = 'blocked'
      RETURNING jobs.id, jobs.run_id, jobs.stage, jobs.state, jobs.attempts, jobs.priority,
        jobs.queue, jobs.unmet""";

  private static final String RETRY =
      "UPDATE jobs SET state = 'retrying', run_at = ?, last_error = ?,"
          + " started_at = coalesce(?, started_at), lease_owner = NULL, lease_until = NULL"
          + LEASE_GUARD
          + " AND cancel_requested = 0"
          + " RETURNING run_id, stage, attempts";

  private static final String DIE =
      "UPDATE jobs SET state = 'dead', finished_at = ?, last_error = ?,"
          + " started_at = coalesce(?, started_at), lease_owner = NULL, lease_until = NULL"
          + LEASE_GUARD
          + " AND cancel_requested = 0"
          + " RETURNING run_id, stage, attempts";

  private static final String INSERT_ERROR =
      "INSERT INTO job_errors (job_id, attempt, error_class, message, stack_trace, failed_at,"
          + " worker) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_DEAD_LETTER =
      "INSERT INTO dead_letters (job_id, run_id, error, attempts, failed_at) VALUES (?, ?, ?, ?, ?)";

  private static final String FINISH_CANCELLED =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_owner = NULL, lease_until = NULL"
          + LEASE_GUARD
          + " RETURNING run_id, stage, attempts";

  private static final String RELEASE_LEASE =
      "UPDATE jobs SET state = 'pending', attempts = attempts - 1, run_at = ?,"
          + " lease_owner = NULL, lease_until = NULL"
          + LEASE_GUARD
          + " AND cancel_requested = 0"
          + " RETURNING run_id, stage, attempts";

  private static final String PROGRESS =
      "UPDATE jobs SET progress = ?" + LEASE_GUARD + " RETURNING run_id, stage, attempts";

  // Guarded by the claim, not by the state: the worker may write a start just after the job's
  // outcome (its timer and the handler's thread race), and the start must still be recorded.
  // The next claim clears it.
  private static final String STARTED =
      "UPDATE jobs SET started_at = ? WHERE id = ? AND claims = ? AND started_at IS NULL"
          + " AND (lease_owner IS NULL OR lease_owner = ?)";

  static final String HEARTBEAT =
      "UPDATE jobs SET lease_until = ?" + LEASE_GUARD + " RETURNING cancel_requested";

  // Every transitive dependent that is not final, cancelled with the job that caused it; not
  // through a dependent that reads its dependency's state (on_final): that one is released.
  // The last column says whether the job cancelled has such dependents.
  private static final String CASCADE_CANCEL =
      """
      WITH RECURSIVE dependents(id) AS (
        SELECT job_id FROM job_deps WHERE depends_on = ? AND on_final = 0
        UNION
        SELECT d.job_id FROM job_deps d JOIN dependents ON d.depends_on = dependents.id
        WHERE d.on_final = 0
      )
      UPDATE jobs SET state = 'cancelled', cancelled_by = ?, finished_at = ?
      WHERE id IN (SELECT id FROM dependents) AND state IN ('blocked', 'pending', 'retrying')
      RETURNING id, run_id, stage, attempts,
        CASE WHEN EXISTS (SELECT 1 FROM job_deps f WHERE f.depends_on = jobs.id AND f.on_final = 1)
          THEN 1 ELSE 0 END""";

  private static final String EXPIRED =
      "SELECT id, run_id, stage, attempts, claims, reclaims, cancel_requested,"
          + " CASE WHEN started_at IS NULL THEN 0 ELSE 1 END FROM jobs"
          + " WHERE state = 'running' AND lease_until < ?";

  private static final String RECLAIM =
      "UPDATE jobs SET state = 'pending', reclaims = reclaims + 1, attempts = attempts - 1,"
          + " run_at = ?, lease_owner = NULL, lease_until = NULL"
          + " WHERE id = ? AND "
          + RUNNING
          + " AND claims = ?";

  // A job whose handler never started goes back as it was: no reclaim counted.
  private static final String RECLAIM_UNSTARTED =
      "UPDATE jobs SET state = 'pending', attempts = attempts - 1,"
          + " run_at = ?, lease_owner = NULL, lease_until = NULL"
          + " WHERE id = ? AND "
          + RUNNING
          + " AND claims = ?";

  private static final String RECLAIM_DEAD =
      "UPDATE jobs SET state = 'dead', reclaims = reclaims + 1, finished_at = ?, last_error = ?,"
          + " lease_owner = NULL, lease_until = NULL"
          + " WHERE id = ? AND "
          + RUNNING
          + " AND claims = ?";

  private static final String RECLAIM_CANCELLED =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_owner = NULL, lease_until = NULL"
          + " WHERE id = ? AND "
          + RUNNING
          + " AND claims = ?";

  private static final String JOB_STATE =
      "SELECT state, run_id, stage, attempts, items, lease_owner FROM jobs WHERE id = ? AND "
          + Submitting.NOT_IN_SUBMITTING_RUN;

  private static final String CANCEL_WAITING =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?"
          + " WHERE id = ? AND state IN ('blocked', 'pending', 'retrying')";

  private static final String REQUEST_CANCEL =
      "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND " + RUNNING;

  private static final String RUN_EXISTS =
      "SELECT cancel_requested FROM runs WHERE id = ? AND status <> 'submitting'";

  // A run that has ended keeps its status: there is nothing left to cancel.
  private static final String MARK_RUN_CANCELLED =
      "UPDATE runs SET cancel_requested = 1 WHERE id = ?"
          + " AND (SELECT unfinished FROM %s v WHERE v.id = ?) > 0";

  private static final String CANCEL_RUN_WAITING =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?"
          + " WHERE run_id = ? AND state IN ('blocked', 'pending', 'retrying')"
          + " RETURNING id, stage, attempts";

  private static final String CANCEL_RUN_RUNNING =
      "UPDATE jobs SET cancel_requested = 1 WHERE run_id = ? AND state = 'running'";

  private static final String REPLAY =
      "UPDATE jobs SET state = 'pending', budget_from = attempts, run_at = ?, reclaims = 0,"
          + " finished_at = NULL, cancel_requested = 0"
          + " WHERE id = ? AND state = 'dead' RETURNING run_id, stage, attempts";

  private static final String CLOSE_DEAD_LETTER =
      "UPDATE dead_letters SET replayed_at = ? WHERE job_id = ? AND replayed_at IS NULL";

  private static final String CANCELLED_BY =
      "SELECT id FROM jobs WHERE cancelled_by = ? AND state = 'cancelled' ORDER BY id";

  // The last two columns: whether the job has a gate; whether the parent is read for its state.
  private static final String PARENT_STATES =
      "SELECT p.state, count(*), d.on_final FROM job_deps d JOIN jobs p ON p.id = d.depends_on"
          + " WHERE d.job_id = ? GROUP BY p.state, d.on_final";

  private static final String HAS_GATE =
      "SELECT CASE WHEN when_expr IS NULL AND each_spec IS NULL THEN 0 ELSE 1 END FROM jobs"
          + " WHERE id = ?";

  // What keeps a job cancelled: a dead parent, or the cause of a cancelled one.
  private static final String BLOCKING_CAUSE =
      "SELECT coalesce(p.cancelled_by, p.id) FROM job_deps d JOIN jobs p ON p.id = d.depends_on"
          + " WHERE d.job_id = ? AND d.on_final = 0 AND p.state IN ('dead', 'cancelled')"
          + " ORDER BY p.id LIMIT 1";

  // What replay looks at first: a job killed by its gate (never ran) goes through it again; a
  // fanned-out stage replays its dead items; an item's replay may bring its stage back.
  private static final String REPLAY_KIND =
      "SELECT state, attempts, CASE WHEN when_expr IS NULL AND each_spec IS NULL THEN 0 ELSE 1"
          + " END, items, group_id FROM jobs WHERE id = ? AND "
          + Submitting.NOT_IN_SUBMITTING_RUN;

  private static final String REPLAY_AT_GATE =
      "UPDATE jobs SET state = 'blocked', unmet = 0, budget_from = attempts, reclaims = 0,"
          + " finished_at = NULL, cancel_requested = 0, when_outcome = NULL"
          + " WHERE id = ? AND state = 'dead' RETURNING run_id, stage, attempts";

  // Another job that holds the unique key of the job bound (see JobInserts.KEY_HOLDER).
  private static final String OTHER_KEY_HOLDER =
      "SELECT h.id, h.unique_key FROM jobs j JOIN jobs h ON h.unique_key = j.unique_key"
          + " WHERE j.id = ? AND h.id <> j.id"
          + " AND h.state IN ('blocked', 'pending', 'running', 'retrying')";

  private static final String SET_CAUSE = "UPDATE jobs SET cancelled_by = ? WHERE id = ?";

  private static final String RESTORE =
      "UPDATE jobs SET state = ?, unmet = ?, run_at = ?, cancelled_by = NULL, finished_at = NULL"
          + " WHERE id = ? AND state = 'cancelled' RETURNING run_id, stage, attempts";

  private JobTransitions() {}

  private static final String ANY_QUEUE_LIMITED =
      "EXISTS (SELECT 1 FROM queues WHERE concurrency IS NOT NULL OR rate_limit IS NOT NULL)";

  private static final String QUEUE_LIMITS =
      "SELECT name, concurrency, rate_limit FROM queues"
          + " WHERE concurrency IS NOT NULL OR rate_limit IS NOT NULL";

  // A fanned-out stage whose items run is running without a lease: it takes no place.
  private static final String RUNNING_OF_QUEUE =
      "SELECT count(*) FROM jobs WHERE state = 'running' AND queue = ?"
          + " AND lease_owner IS NOT NULL";

  /**
   * Claims ready jobs for {@code request}, within the concurrency limits of their queues across
   * every worker sharing the store: a limited queue gives at most its limit less its running jobs
   * (claimed jobs are running, whichever worker holds them). The limited queues' rows are locked
   * first where transactions run at once ({@link Dialect#lockQueues}), so two claims never both
   * take the last free place; claims of unlimited queues take no such lock. A queue with a rate
   * gives at most the whole tokens of its bucket ({@link RateBuckets}), and the claim takes one per
   * job from it, under the same lock.
   *
   * <p>In two parts, which a store may run in two transactions: {@link #claimUnlimited}, then, when
   * {@link #claimsLimitedToo}, {@link #claimLimited}.
   */
  static List<ClaimedJob> claim(
      WriteTx tx, ClaimRequest request, LongFunction<String> baseDirectories) throws SQLException {
    Claimed first = claimUnlimited(tx, request, baseDirectories);
    if (!claimsLimitedToo(request, first)) {
      return first.jobs();
    }
    return inPriorityOrder(
        first.jobs(),
        claimLimited(tx, request, request.limit() - first.jobs().size(), baseDirectories));
  }

  /**
   * The first part of a claim: the jobs of queues without a limit or a rate, in a statement that
   * skips the others by itself and also says whether any queue has a limit or a rate. A claim that
   * fills the request, or that claims some jobs while no queue is limited, ends there: one
   * statement, which commits lazily ({@link Dialect#lazyClaimSource}) and needs no transaction
   * around it. That is most claims, and on PostgreSQL each statement is a round trip, which sets
   * the pace of a worker of short jobs and the wait of a job whose parent just ended.
   */
  static Claimed claimUnlimited(
      WriteTx tx, ClaimRequest request, LongFunction<String> baseDirectories) throws SQLException {
    return claimReady(tx, request, baseDirectories, true, true, null);
  }

  /**
   * The jobs of queues without a limit or a rate, as {@link #claimUnlimited} claims them, in a
   * transaction that commits durably (a completion's: {@link ClaimAfterCompletion}).
   */
  static Claimed claimUnlimitedDurably(
      WriteTx tx, ClaimRequest request, LongFunction<String> baseDirectories, String commit)
      throws SQLException {
    return claimReady(tx, request, baseDirectories, true, false, commit);
  }

  /** Whether a claim whose first part took {@code first} goes on to the limited queues. */
  static boolean claimsLimitedToo(ClaimRequest request, Claimed first) {
    return first.jobs().size() < request.limit() && !Boolean.FALSE.equals(first.anyQueueLimited());
  }

  /** The jobs of both parts of a claim: higher priorities first, each part's order kept. */
  static List<ClaimedJob> inPriorityOrder(List<ClaimedJob> first, List<ClaimedJob> limited) {
    if (limited.isEmpty()) {
      return first;
    }
    List<ClaimedJob> claimed = new ArrayList<>(first);
    claimed.addAll(limited);
    claimed.sort(Comparator.comparingInt(ClaimedJob::priority).reversed()); // stable
    return claimed;
  }

  /**
   * The second part of a claim: up to {@code most} jobs of the queues with a limit or a rate
   * (within them), in one transaction with the queues' rows locked.
   */
  static List<ClaimedJob> claimLimited(
      WriteTx tx, ClaimRequest request, int most, LongFunction<String> baseDirectories)
      throws SQLException {
    List<ClaimedJob> claimed = new ArrayList<>();
    // By queue, its concurrency limit (null for none); rated: those with a rate.
    java.util.TreeMap<String, Integer> limited = new java.util.TreeMap<>();
    Set<String> rated = new HashSet<>();
    try (ResultSet rows = tx.prepare(QUEUE_LIMITS).executeQuery()) {
      while (rows.next()) {
        String queue = rows.getString(1);
        boolean asked = request.queues().isEmpty() || request.queues().contains(queue);
        if (asked && !request.excludedQueues().contains(queue)) {
          limited.put(queue, nullableInt(rows, 2));
          rows.getInt(3);
          if (!rows.wasNull()) {
            rated.add(queue);
          }
        }
      }
    }
    if (limited.isEmpty()) {
      return claimed;
    }
    tx.dialect().lockQueues(tx, List.copyOf(limited.keySet()));
    int remaining = most;
    for (java.util.Map.Entry<String, Integer> limit : limited.entrySet()) {
      if (remaining <= 0) {
        break;
      }
      int free = remaining;
      if (limit.getValue() != null) {
        PreparedStatement running = tx.prepare(RUNNING_OF_QUEUE);
        running.setString(1, limit.getKey());
        try (ResultSet rows = running.executeQuery()) {
          rows.next();
          free = Math.min(free, limit.getValue() - rows.getInt(1));
        }
      }
      // Read after the lock: the tokens other claims left.
      RateBuckets.Bucket bucket =
          rated.contains(limit.getKey()) ? RateBuckets.read(tx, limit.getKey()) : null;
      if (bucket != null) {
        free = Math.min(free, bucket.wholeTokensAt(tx.now()));
      }
      if (free <= 0) {
        continue;
      }
      List<ClaimedJob> jobs =
          claimReady(
                  tx,
                  new ClaimRequest(
                      request.owner(),
                      Set.of(limit.getKey()),
                      Set.of(),
                      request.runId(),
                      Math.min(free, remaining),
                      request.now(),
                      request.leaseUntil(),
                      request.abovePriority()),
                  baseDirectories,
                  false,
                  true,
                  null)
              .jobs();
      if (bucket != null) {
        RateBuckets.spend(tx, bucket, tx.now(), jobs.size());
      }
      claimed.addAll(jobs);
      remaining -= jobs.size();
    }
    // Each queue's part is in claim order; together, higher priorities first (a stable sort).
    claimed.sort(Comparator.comparingInt(ClaimedJob::priority).reversed());
    return claimed;
  }

  // What a worker needs of a claimed job, as the claim leaves it (attempts and claims counted).
  private static final String CLAIMED_COLUMNS =
      "id, run_id, stage, handler, queue, priority, attempts, claims, budget_from, max_retries,"
          + " backoff_kind, backoff_base_ms, backoff_max_ms, timeout_ms, input, metadata, run_at";

  // The same columns read before the claim's UPDATE, with the counts that UPDATE gives them.
  private static final String CLAIMED_COLUMNS_BEFORE =
      "id, run_id, stage, handler, queue, priority, attempts + 1, claims + 1, budget_from,"
          + " max_retries, backoff_kind, backoff_base_ms, backoff_max_ms, timeout_ms, input,"
          + " metadata, run_at";

  /**
   * The jobs one claim statement took, in claim order, and whether any queue had a concurrency
   * limit or a rate when it ran (null when the statement took none, which leaves it unknown, or did
   * not ask).
   */
  record Claimed(List<ClaimedJob> jobs, Boolean anyQueueLimited) {}

  /**
   * @param unlimitedOnly whether to skip the jobs of queues with a concurrency limit or a rate
   * @param lazy whether the claim may make its transaction commit lazily ({@link
   *     Dialect#lazyClaimSource}): not in a transaction that records more than claims
   * @param commit the dialect's {@link Dialect#commitWithLastStatement} when the claim is the last
   *     statement of its transaction and commits it, else null
   */
  private static Claimed claimReady(
      WriteTx tx,
      ClaimRequest request,
      LongFunction<String> baseDirectories,
      boolean unlimitedOnly,
      boolean lazy,
      String commit)
      throws SQLException {
    // The ready jobs to claim, after "SELECT <columns>".
    StringBuilder ready = new StringBuilder(" FROM jobs");
    appendReadyFilter(ready, request);
    if (unlimitedOnly) {
      ready
          .append(" AND queue NOT IN (SELECT name FROM queues")
          .append(" WHERE concurrency IS NOT NULL OR rate_limit IS NOT NULL)");
    }
    ready.append(READY_ORDER).append(" LIMIT ?");
    ready.append(tx.dialect().claimLocking());
    // The statement texts depend only on the number of queues and the filters: they cache well.
    String update =
        // started_at is set when the handler starts (started), not here: a claimed job may
        // wait in the worker's buffer first.
        "UPDATE jobs SET state = 'running', lease_owner = ?, lease_until = ?,"
            + " attempts = attempts + 1, claims = claims + 1, started_at = NULL, progress = 0"
            + (lazy ? tx.dialect().lazyClaimSource() : "")
            + " WHERE id IN (SELECT id"
            + ready
            + ")";
    if (tx.dialect().claimReadsFirst()) {
      // Both parts of a claim run in one transaction there: no need to say whether a queue is
      // limited.
      return new Claimed(
          readThenClaim(tx, request, baseDirectories, ready.toString(), update), null);
    }
    String returning = update + " RETURNING " + CLAIMED_COLUMNS + tx.dialect().claimedResults();
    String sql =
        unlimitedOnly ? tx.dialect().claimSayingIfLimited(returning, ANY_QUEUE_LIMITED) : returning;
    PreparedStatement claim = tx.prepare(commit == null ? sql : sql + commit);
    int i = 1;
    claim.setString(i++, request.owner());
    claim.setLong(i++, request.leaseUntil().toEpochMilli());
    i = bindReadyFilter(claim, i, request);
    claim.setInt(i, request.limit());
    if (commit != null) {
      // Two results: the claim's rows, then the commit's (executeQuery takes one alone). Run
      // after the commit, a read of a run's base directory is a transaction of its own.
      claim.execute();
      try (ResultSet rows = claim.getResultSet()) {
        return returnedJobs(tx, rows, request, baseDirectories, unlimitedOnly);
      }
    }
    try (ResultSet rows = claim.executeQuery()) {
      return returnedJobs(tx, rows, request, baseDirectories, unlimitedOnly);
    }
  }

  /** A job a claim's {@code RETURNING} gave, with its {@code run_at}, to sort by. */
  private record Returned(ClaimedJob job, long runAt) {}

  /** The claim order of {@link #READY_ORDER}. */
  private static final Comparator<Returned> CLAIM_ORDER =
      Comparator.comparingInt((Returned r) -> -r.job().priority())
          .thenComparingLong(Returned::runAt)
          .thenComparingLong(r -> r.job().id());

  /**
   * The claimed jobs of {@code rows} (the claim's {@code RETURNING}) in claim order, which
   * RETURNING does not keep, and whether a queue is limited when {@code unlimitedOnly} asked. The
   * loop is a method of its own, for the JIT (see {@link #claimedJobs}).
   */
  private static Claimed returnedJobs(
      WriteTx tx,
      ResultSet rows,
      ClaimRequest request,
      LongFunction<String> baseDirectories,
      boolean unlimitedOnly)
      throws SQLException {
    List<Returned> returned = new ArrayList<>(request.limit());
    Boolean anyQueueLimited = null;
    while (rows.next()) {
      if (unlimitedOnly) {
        // After the job's columns and, where the claim reads them, its parents' results.
        anyQueueLimited = rows.getBoolean(tx.dialect().claimedResults().isEmpty() ? 18 : 19);
      }
      rows.getLong(1);
      if (rows.wasNull()) {
        continue; // no job claimed: the row says whether a queue is limited, no more
      }
      returned.add(
          new Returned(claimedJob(tx, rows, request.owner(), baseDirectories), rows.getLong(17)));
    }
    returned.sort(CLAIM_ORDER);
    List<ClaimedJob> claimed = new ArrayList<>(returned.size());
    for (Returned r : returned) {
      claimed.add(r.job());
    }
    return new Claimed(claimed, anyQueueLimited);
  }

  /**
   * The claim where one writer writes at a time ({@link Dialect#claimReadsFirst}): reads the jobs
   * that {@code ready} (a query's text from {@code FROM} on) finds, in its order, then marks the
   * same jobs running with {@code update}, whose subquery is {@code ready} again. Nothing can
   * change the ready jobs between the two statements, so they name the same rows; a count that
   * differs fails the transaction.
   */
  private static List<ClaimedJob> readThenClaim(
      WriteTx tx,
      ClaimRequest request,
      LongFunction<String> baseDirectories,
      String ready,
      String update)
      throws SQLException {
    PreparedStatement read = tx.prepare("SELECT " + CLAIMED_COLUMNS_BEFORE + ready);
    int i = bindReadyFilter(read, 1, request);
    read.setInt(i, request.limit());
    List<ClaimedJob> claimed;
    try (ResultSet rows = read.executeQuery()) {
      claimed = claimedJobs(tx, rows, request, baseDirectories);
    }
    if (claimed.isEmpty()) {
      return claimed;
    }
    PreparedStatement claim = tx.prepare(update);
    claim.setString(1, request.owner());
    claim.setLong(2, request.leaseUntil().toEpochMilli());
    i = bindReadyFilter(claim, 3, request);
    claim.setInt(i, request.limit());
    int marked = claim.executeUpdate();
    if (marked != claimed.size()) {
      throw new IllegalStateException(
          "a claim read " + claimed.size() + " ready jobs but marked " + marked + " running");
    }
    return claimed;
  }

  /**
   * The claimed jobs of {@code rows}, in their order. The loop is a method of its own: the JIT
   * compiles the method of a loop that runs hundreds of times per call whole, and the claim around
   * it (statement texts, binds) runs too seldom to be worth compiling with it.
   */
  private static List<ClaimedJob> claimedJobs(
      WriteTx tx, ResultSet rows, ClaimRequest request, LongFunction<String> baseDirectories)
      throws SQLException {
    List<ClaimedJob> claimed = new ArrayList<>(request.limit());
    while (rows.next()) {
      claimed.add(claimedJob(tx, rows, request.owner(), baseDirectories));
    }
    return claimed;
  }

  /**
   * The claimed job of the current row of {@code rows} ({@link #CLAIMED_COLUMNS}), and its event. A
   * method of its own, so that the JIT compiles it once rather than with each loop that calls it
   * (issue 10).
   */
  private static ClaimedJob claimedJob(
      WriteTx tx, ResultSet rows, String owner, LongFunction<String> baseDirectories)
      throws SQLException {
    long id = rows.getLong(1);
    Long runId = nullableLong(rows, 2);
    int attempts = rows.getInt(7);
    int budgetFrom = rows.getInt(9);
    int maxRetries = rows.getInt(10);
    Backoff backoff =
        new Backoff(backoffKind(rows.getString(11)), rows.getLong(12), rows.getLong(13));
    ClaimedJob job =
        new ClaimedJob(
            new Lease(id, owner, rows.getInt(8)),
            runId,
            rows.getString(3),
            rows.getString(4),
            rows.getString(5),
            rows.getInt(6),
            attempts,
            attempts - budgetFrom,
            budgetFrom + maxRetries + 1,
            backoff,
            nullableLong(rows, 14),
            rows.getString(15),
            rows.getString(16),
            runId == null ? null : baseDirectories.apply(runId),
            tx.dialect().claimedResults().isEmpty() ? null : rows.getString(18));
    tx.event(id, runId, job.stage(), JobState.RUNNING, attempts);
    return job;
  }

  /** A {@code backoff_kind} column's value (an IR id, lower case) as a kind. */
  private static Backoff.Kind backoffKind(String id) {
    return switch (id) {
      case "exponential" -> Backoff.Kind.EXPONENTIAL;
      case "fixed" -> Backoff.Kind.FIXED;
      default -> Backoff.Kind.valueOf(id.toUpperCase(java.util.Locale.ROOT));
    };
  }

  /**
   * The order of the ready jobs' partial index ({@code jobs_ready}), which claims take. A probe for
   * ready jobs names it too: with a generic plan (a statement PostgreSQL prepared and stopped
   * planning for each call) and statistics taken while jobs were ready, {@code LIMIT 1} without it
   * was costed as a scan of the whole table that stops at the first of many ready rows, and when
   * none was ready it read every job (10 ms a probe at 20,000 jobs, growing with the table).
   */
  static final String READY_ORDER = " ORDER BY priority DESC, run_at, id";

  /**
   * Appends the WHERE clause of the jobs {@code request} may claim (ready, due, of its queues, run
   * and priorities); {@link #bindReadyFilter} binds it. The text depends only on the number of
   * queues and on which filters are present, so statements built with it cache well.
   */
  static void appendReadyFilter(StringBuilder sql, ClaimRequest request) {
    sql.append(" WHERE state IN ('pending', 'retrying') AND run_at <= ?");
    if (!request.queues().isEmpty()) {
      sql.append(" AND queue IN (");
      sql.append(String.join(", ", java.util.Collections.nCopies(request.queues().size(), "?")));
      sql.append(')');
    }
    if (!request.excludedQueues().isEmpty()) {
      sql.append(" AND queue NOT IN (");
      sql.append(
          String.join(", ", java.util.Collections.nCopies(request.excludedQueues().size(), "?")));
      sql.append(')');
    }
    if (request.runId() != null) {
      sql.append(" AND run_id = ?");
    }
    if (request.abovePriority() != null) {
      sql.append(" AND priority > ?");
    }
  }

  /** Binds {@link #appendReadyFilter}'s parameters from {@code from}; returns the next index. */
  static int bindReadyFilter(PreparedStatement statement, int from, ClaimRequest request)
      throws SQLException {
    int i = from;
    statement.setLong(i++, request.now().toEpochMilli());
    for (String queue : request.queues().stream().sorted().toList()) {
      statement.setString(i++, queue);
    }
    for (String queue : request.excludedQueues().stream().sorted().toList()) {
      statement.setString(i++, queue);
    }
    if (request.runId() != null) {
      statement.setLong(i++, request.runId());
    }
    if (request.abovePriority() != null) {
      statement.setInt(i++, request.abovePriority());
    }
    return i;
  }

  static boolean started(WriteTx tx, Lease lease, Instant at) throws SQLException {
    PreparedStatement started = tx.prepare(STARTED);
    started.setLong(1, at.toEpochMilli());
    started.setLong(2, lease.jobId());
    started.setInt(3, lease.claim());
    started.setString(4, lease.owner());
    return started.executeUpdate() == 1;
  }

  static boolean complete(WriteTx tx, Lease lease, String result, Instant startedAt)
      throws SQLException {
    if (tx.dialect().releasesInCompletion()) {
      return completeAndRelease(tx, lease, result, startedAt);
    }
    PreparedStatement complete = tx.prepare(COMPLETE);
    complete.setString(1, result);
    complete.setLong(2, tx.now());
    setNullableLong(complete, 3, startedAt == null ? null : startedAt.toEpochMilli());
    bindLease(complete, 4, lease);
    Row row;
    boolean hasDependents;
    try (ResultSet rows = complete.executeQuery()) {
      if (!rows.next()) {
        return finishCancelled(tx, lease);
      }
      row = new Row(nullableLong(rows, 1), rows.getString(2), rows.getInt(3));
      hasDependents = rows.getInt(4) == 1;
      Long started = nullableLong(rows, 5);
      startedAt = started == null ? null : Instant.ofEpochMilli(started);
      Long group = nullableLong(rows, 6);
      if (group != null) {
        tx.groups.add(group);
      }
    }
    tx.event(lease.jobId(), row.runId, row.stage, JobState.COMPLETE, row.attempts, startedAt);
    tx.run(row.runId).unfinished--;
    if (!hasDependents) {
      return true;
    }
    releaseChildren(tx, lease.jobId());
    return true;
  }

  /** As {@link #complete}, with the release of the children in the same statement. */
  private static boolean completeAndRelease(
      WriteTx tx, Lease lease, String result, Instant startedAt) throws SQLException {
    PreparedStatement complete =
        tx.prepare(
            RELEASE_CHILDREN_BY_CONDITION.computeIfAbsent(
                "complete:" + tx.dialect().dependentsOf("?"),
                key ->
                    COMPLETE_AND_RELEASE.formatted(
                        tx.dialect().dependentsOf("(SELECT id FROM done)"))));
    complete.setString(1, result);
    complete.setLong(2, tx.now());
    setNullableLong(complete, 3, startedAt == null ? null : startedAt.toEpochMilli());
    bindLease(complete, 4, lease);
    complete.setLong(7, tx.now());
    complete.setLong(8, tx.now());
    boolean completed = false;
    try (ResultSet rows = complete.executeQuery()) {
      while (rows.next()) {
        if (rows.getInt(11) == 0) {
          Gates.released(tx, rows);
          continue;
        }
        completed = true;
        Long runId = nullableLong(rows, 2);
        Long started = nullableLong(rows, 9);
        Long group = nullableLong(rows, 10);
        if (group != null) {
          tx.groups.add(group);
        }
        tx.event(
            lease.jobId(),
            runId,
            rows.getString(3),
            JobState.COMPLETE,
            rows.getInt(5),
            started == null ? null : Instant.ofEpochMilli(started));
        // Its run's unfinished count: in the statement already.
      }
    }
    return completed || finishCancelled(tx, lease);
  }

  /**
   * {@code jobId} completed: its blocked dependents have one unmet dependency less; those at zero
   * are ready, or have their gate queued ({@link Gates}).
   */
  static void releaseChildren(WriteTx tx, long jobId) throws SQLException {
    PreparedStatement release =
        tx.prepare(
            RELEASE_CHILDREN_BY_CONDITION.computeIfAbsent(
                tx.dialect().dependentsOf("?"), RELEASE_CHILDREN::formatted));
    release.setLong(1, tx.now());
    release.setLong(2, jobId);
    try (ResultSet rows = release.executeQuery()) {
      while (rows.next()) {
        Gates.released(tx, rows);
      }
    }
  }

  /**
   * Completes {@code completions} in one statement, with the effects of {@link Completion#apply} on
   * each in turn: the same guard, events, counters, logs and release of children (released once per
   * child, however many of its parents are among them). Returns whether each was applied.
   */
  static List<Boolean> completeMany(WriteTx tx, List<Completion> completions) throws SQLException {
    PreparedStatement complete = tx.prepare(COMPLETE_MANY);
    bindCompletions(tx, complete, completions);
    java.util.Map<List<Long>, Completed> completed;
    try (ResultSet rows = complete.executeQuery()) {
      completed = completedRows(tx, rows);
    }
    List<Long> parents = new ArrayList<>();
    List<Boolean> applied = recordCompletions(tx, completions, completed, parents);
    if (!parents.isEmpty()) {
      java.sql.Array parentIds = tx.connection().createArrayOf("bigint", parents.toArray());
      PreparedStatement release = tx.prepare(RELEASE_CHILDREN_OF_MANY);
      release.setLong(1, tx.now());
      release.setArray(2, parentIds);
      release.setArray(3, parentIds);
      try (ResultSet rows = release.executeQuery()) {
        while (rows.next()) {
          Gates.released(tx, rows);
        }
      }
    }
    Gates.drainGates(tx);
    return applied;
  }

  // completeMany's parts are methods of their own, each with one loop over the completions: the
  // JIT compiles each once, rather than all of them again with every loop's on-stack compilation.

  /** Binds {@link #COMPLETE_MANY}'s parameters: the completions' columns as arrays. */
  private static void bindCompletions(
      WriteTx tx, PreparedStatement complete, List<Completion> completions) throws SQLException {
    int n = completions.size();
    Long[] ids = new Long[n];
    String[] owners = new String[n];
    Integer[] claims = new Integer[n];
    String[] results = new String[n];
    Long[] starts = new Long[n];
    for (int k = 0; k < n; k++) {
      Completion completion = completions.get(k);
      ids[k] = completion.lease().jobId();
      owners[k] = completion.lease().owner();
      claims[k] = completion.lease().claim();
      results[k] = completion.result();
      starts[k] = completion.startedAt() == null ? null : completion.startedAt().toEpochMilli();
    }
    java.sql.Connection connection = tx.connection();
    complete.setLong(1, tx.now());
    complete.setArray(2, connection.createArrayOf("bigint", ids));
    complete.setArray(3, connection.createArrayOf("text", owners));
    complete.setArray(4, connection.createArrayOf("integer", claims));
    complete.setArray(5, connection.createArrayOf("text", results));
    complete.setArray(6, connection.createArrayOf("bigint", starts));
  }

  /** A job {@link #COMPLETE_MANY} completed. */
  private record Completed(
      Long runId, String stage, int attempts, boolean parent, Instant startedAt) {}

  /** The jobs {@link #COMPLETE_MANY} completed, by lease: (id, claims) names one claim of a job. */
  private static java.util.Map<List<Long>, Completed> completedRows(WriteTx tx, ResultSet rows)
      throws SQLException {
    java.util.Map<List<Long>, Completed> completed = new java.util.HashMap<>();
    while (rows.next()) {
      Long started = nullableLong(rows, 7);
      Long group = nullableLong(rows, 8);
      if (group != null) {
        tx.groups.add(group);
      }
      completed.put(
          List.of(rows.getLong(1), (long) rows.getInt(2)),
          new Completed(
              nullableLong(rows, 3),
              rows.getString(4),
              rows.getInt(5),
              rows.getInt(6) == 1,
              started == null ? null : Instant.ofEpochMilli(started)));
    }
    return completed;
  }

  /**
   * Each completion's event, run count and log, or its cancelled end when it was not completed
   * (asked to stop); adds the completed parents to {@code parents}. Returns whether each applied.
   */
  private static List<Boolean> recordCompletions(
      WriteTx tx,
      List<Completion> completions,
      java.util.Map<List<Long>, Completed> completed,
      List<Long> parents)
      throws SQLException {
    List<Boolean> applied = new ArrayList<>(completions.size());
    for (Completion completion : completions) {
      Lease lease = completion.lease();
      Completed row = completed.get(List.of(lease.jobId(), (long) lease.claim()));
      boolean done;
      if (row == null) {
        done = finishCancelled(tx, lease);
      } else {
        tx.event(
            lease.jobId(), row.runId, row.stage, JobState.COMPLETE, row.attempts, row.startedAt);
        tx.run(row.runId).unfinished--;
        if (row.parent) {
          parents.add(lease.jobId());
        }
        done = true;
      }
      applied.add(AttemptLogs.insertIf(done, tx, lease, completion.log()));
    }
    return applied;
  }

  /** Locks the blocked children of {@code completions}' jobs, in id order (see WriteBatch). */
  static void lockChildren(WriteTx tx, List<Completion> completions) throws SQLException {
    Long[] ids = new Long[completions.size()];
    for (int k = 0; k < ids.length; k++) {
      ids[k] = completions.get(k).lease().jobId();
    }
    PreparedStatement lock = tx.prepare(LOCK_CHILDREN);
    lock.setArray(1, tx.connection().createArrayOf("bigint", ids));
    lock.executeQuery().close();
  }

  static boolean fail(WriteTx tx, Lease lease, JobError error, Instant retryAt, Instant startedAt)
      throws SQLException {
    String summary = error.describe();
    Long started = startedAt == null ? null : startedAt.toEpochMilli();
    Row row;
    if (retryAt != null) {
      PreparedStatement retry = tx.prepare(RETRY);
      retry.setLong(1, retryAt.toEpochMilli());
      retry.setString(2, summary);
      setNullableLong(retry, 3, started);
      bindLease(retry, 4, lease);
      row = single(retry);
    } else {
      PreparedStatement die = tx.prepare(DIE);
      die.setLong(1, tx.now());
      die.setString(2, summary);
      setNullableLong(die, 3, started);
      bindLease(die, 4, lease);
      row = single(die);
    }
    if (row == null) {
      // Asked to stop: the failed attempt is kept in the history, and the job ends cancelled.
      if (!finishCancelled(tx, lease)) {
        return false;
      }
      insertError(tx, lease.jobId(), error);
      return true;
    }
    insertError(tx, lease.jobId(), error);
    if (retryAt != null) {
      tx.event(lease.jobId(), row.runId, row.stage, JobState.RETRYING, row.attempts);
    } else {
      died(tx, lease.jobId(), row, summary);
    }
    return true;
  }

  private static void died(WriteTx tx, long jobId, Row row, String summary) throws SQLException {
    died(tx, jobId, row.runId, row.stage, row.attempts, summary);
  }

  /** {@code jobId} became dead: its dead letter, counters, cascade, and its group's look. */
  static void died(WriteTx tx, long jobId, Long runId, String stage, int attempts, String summary)
      throws SQLException {
    PreparedStatement letter = tx.prepare(INSERT_DEAD_LETTER);
    letter.setLong(1, jobId);
    setNullableLong(letter, 2, runId);
    letter.setString(3, summary);
    letter.setInt(4, attempts);
    letter.setLong(5, tx.now());
    letter.executeUpdate();
    tx.event(jobId, runId, stage, JobState.DEAD, attempts);
    WriteTx.RunDelta delta = tx.run(runId);
    delta.unfinished--;
    delta.dead++;
    cascade(tx, jobId);
    Groups.itemEnded(tx, jobId);
  }

  static void insertError(WriteTx tx, long jobId, JobError error) throws SQLException {
    PreparedStatement insert = tx.prepare(INSERT_ERROR);
    insert.setLong(1, jobId);
    insert.setInt(2, error.attempt());
    insert.setString(3, error.errorClass());
    insert.setString(4, error.message());
    insert.setString(5, error.stackTrace());
    insert.setLong(6, error.failedAt().toEpochMilli());
    insert.setString(7, error.worker());
    insert.executeUpdate();
  }

  /**
   * Cancels every transitive dependent of {@code cause} that is not final, and releases the
   * dependents that read the state of {@code cause} or of a job cancelled with it.
   */
  static int cascade(WriteTx tx, long cause) throws SQLException {
    Gates.releaseFinalWaiters(tx, cause);
    PreparedStatement cascade = tx.prepare(CASCADE_CANCEL);
    cascade.setLong(1, cause);
    cascade.setLong(2, cause);
    cascade.setLong(3, tx.now());
    int count = 0;
    List<Long> readByState = new ArrayList<>();
    try (ResultSet rows = cascade.executeQuery()) {
      while (rows.next()) {
        Long runId = nullableLong(rows, 2);
        tx.event(rows.getLong(1), runId, rows.getString(3), JobState.CANCELLED, rows.getInt(4));
        WriteTx.RunDelta delta = tx.run(runId);
        delta.unfinished--;
        delta.cancelled++;
        count++;
        if (rows.getInt(5) == 1) {
          readByState.add(rows.getLong(1));
        }
      }
    }
    for (long cancelled : readByState) {
      Gates.releaseFinalWaiters(tx, cancelled);
    }
    return count;
  }

  static boolean finishCancelled(WriteTx tx, Lease lease) throws SQLException {
    PreparedStatement finish = tx.prepare(FINISH_CANCELLED);
    finish.setLong(1, tx.now());
    bindLease(finish, 2, lease);
    Row row = single(finish);
    if (row == null) {
      return false;
    }
    cancelled(tx, lease.jobId(), row);
    return true;
  }

  private static void cancelled(WriteTx tx, long jobId, Row row) throws SQLException {
    tx.event(jobId, row.runId, row.stage, JobState.CANCELLED, row.attempts);
    WriteTx.RunDelta delta = tx.run(row.runId);
    delta.unfinished--;
    delta.cancelled++;
    cascade(tx, jobId);
    Groups.itemEnded(tx, jobId);
  }

  static boolean release(WriteTx tx, Lease lease) throws SQLException {
    PreparedStatement release = tx.prepare(RELEASE_LEASE);
    release.setLong(1, tx.now());
    bindLease(release, 2, lease);
    Row row = single(release);
    if (row != null) {
      tx.event(lease.jobId(), row.runId, row.stage, JobState.PENDING, row.attempts);
      return true;
    }
    // A job asked to stop is not given back: it ends cancelled.
    return finishCancelled(tx, lease);
  }

  static boolean progress(WriteTx tx, Lease lease, int percent) throws SQLException {
    PreparedStatement progress = tx.prepare(PROGRESS);
    progress.setInt(1, percent);
    bindLease(progress, 2, lease);
    Row row = single(progress);
    if (row == null) {
      return false;
    }
    tx.progressEvent(lease.jobId(), row.runId, row.stage, row.attempts, percent);
    return true;
  }

  static Set<Long> heartbeat(WriteTx tx, Collection<Lease> leases, Instant until)
      throws SQLException {
    Set<Long> stop = new HashSet<>();
    PreparedStatement heartbeat = tx.prepare(HEARTBEAT);
    for (Lease lease : leases) {
      heartbeat.setLong(1, until.toEpochMilli());
      bindLease(heartbeat, 2, lease);
      try (ResultSet rows = heartbeat.executeQuery()) {
        if (!rows.next() || rows.getInt(1) == 1) {
          stop.add(lease.jobId());
        }
      }
    }
    return stop;
  }

  static int reclaimExpired(WriteTx tx, Instant now, int maxReclaims) throws SQLException {
    if (tx.dialect().runsView().equals("runs")) {
      return reclaim(tx, now, maxReclaims);
    }
    // Counter changes kept apart (see RunCounters) are folded into their runs now and then: here,
    // on every worker's reclaim timer.
    int reclaimed = reclaim(tx, now, maxReclaims);
    RunCounters.fold(tx);
    return reclaimed;
  }

  private static int reclaim(WriteTx tx, Instant now, int maxReclaims) throws SQLException {
    record Expired(
        long id,
        Long runId,
        String stage,
        int attempts,
        int claims,
        int reclaims,
        boolean cancel,
        boolean started) {}
    List<Expired> expired = new ArrayList<>();
    PreparedStatement select = tx.prepare(EXPIRED);
    select.setLong(1, now.toEpochMilli());
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        expired.add(
            new Expired(
                rows.getLong(1),
                nullableLong(rows, 2),
                rows.getString(3),
                rows.getInt(4),
                rows.getInt(5),
                rows.getInt(6),
                rows.getInt(7) == 1,
                rows.getInt(8) == 1));
      }
    }
    for (Expired job : expired) {
      Row row = new Row(job.runId, job.stage, job.attempts);
      if (job.cancel) {
        PreparedStatement cancel = tx.prepare(RECLAIM_CANCELLED);
        cancel.setLong(1, tx.now());
        cancel.setLong(2, job.id);
        cancel.setInt(3, job.claims);
        if (cancel.executeUpdate() == 1) {
          cancelled(tx, job.id, row);
        }
      } else if (!job.started) {
        PreparedStatement reclaim = tx.prepare(RECLAIM_UNSTARTED);
        reclaim.setLong(1, tx.now());
        reclaim.setLong(2, job.id);
        reclaim.setInt(3, job.claims);
        if (reclaim.executeUpdate() == 1) {
          tx.event(job.id, job.runId, job.stage, JobState.PENDING, job.attempts - 1);
        }
      } else if (job.reclaims + 1 >= maxReclaims) {
        String message =
            "the worker running it was lost %d times (its lease expired): the job may be crashing its worker"
                .formatted(job.reclaims + 1);
        PreparedStatement dead = tx.prepare(RECLAIM_DEAD);
        dead.setLong(1, tx.now());
        dead.setString(2, "flowc.LeaseExpired: " + message);
        dead.setLong(3, job.id);
        dead.setInt(4, job.claims);
        if (dead.executeUpdate() == 1) {
          insertError(
              tx,
              job.id,
              new JobError(
                  job.attempts,
                  "flowc.LeaseExpired",
                  message,
                  null,
                  Instant.ofEpochMilli(tx.now()),
                  null));
          died(tx, job.id, row, "flowc.LeaseExpired: " + message);
        }
      } else {
        PreparedStatement reclaim = tx.prepare(RECLAIM);
        reclaim.setLong(1, tx.now());
        reclaim.setLong(2, job.id);
        reclaim.setInt(3, job.claims);
        if (reclaim.executeUpdate() == 1) {
          tx.event(job.id, job.runId, job.stage, JobState.PENDING, job.attempts - 1);
        }
      }
    }
    return expired.size();
  }

  static boolean cancelJob(WriteTx tx, long jobId) throws SQLException {
    PreparedStatement read = tx.prepare(JOB_STATE);
    read.setLong(1, jobId);
    JobState state;
    Row row;
    boolean group;
    try (ResultSet rows = read.executeQuery()) {
      if (!rows.next()) {
        throw new NoSuchElementException("no job " + jobId);
      }
      state = JobState.fromLabel(rows.getString(1));
      row = new Row(nullableLong(rows, 2), rows.getString(3), rows.getInt(4));
      rows.getInt(5);
      group = !rows.wasNull() && rows.getString(6) == null;
    }
    if (state.isFinal()) {
      return false;
    }
    if (state == JobState.RUNNING && group) {
      return Groups.cancel(tx, jobId);
    }
    if (state == JobState.RUNNING) {
      PreparedStatement request = tx.prepare(REQUEST_CANCEL);
      request.setLong(1, jobId);
      if (request.executeUpdate() != 1) {
        return false;
      }
      tx.cancelRequested = true;
      return true;
    }
    PreparedStatement cancel = tx.prepare(CANCEL_WAITING);
    cancel.setLong(1, tx.now());
    cancel.setLong(2, jobId);
    if (cancel.executeUpdate() != 1) {
      return false;
    }
    cancelled(tx, jobId, row);
    return true;
  }

  static int cancelRun(WriteTx tx, long runId) throws SQLException {
    PreparedStatement exists = tx.prepare(RUN_EXISTS);
    exists.setLong(1, runId);
    try (ResultSet rows = exists.executeQuery()) {
      if (!rows.next()) {
        throw new NoSuchElementException("no run " + runId);
      }
    }
    PreparedStatement mark = tx.prepare(MARK_RUN_CANCELLED.formatted(tx.dialect().runsView()));
    mark.setLong(1, runId);
    mark.setLong(2, runId);
    mark.executeUpdate();
    int count = 0;
    PreparedStatement waiting = tx.prepare(CANCEL_RUN_WAITING);
    waiting.setLong(1, tx.now());
    waiting.setLong(2, runId);
    WriteTx.RunDelta delta = tx.run(runId);
    try (ResultSet rows = waiting.executeQuery()) {
      while (rows.next()) {
        tx.event(rows.getLong(1), runId, rows.getString(2), JobState.CANCELLED, rows.getInt(3));
        delta.unfinished--;
        delta.cancelled++;
        count++;
      }
    }
    PreparedStatement running = tx.prepare(CANCEL_RUN_RUNNING);
    running.setLong(1, runId);
    int asked = running.executeUpdate();
    tx.cancelRequested |= asked > 0;
    // A fanned-out stage is running without a worker: its items' ends settle it.
    Groups.checkRun(tx, runId);
    return count + asked;
  }

  static int replay(WriteTx tx, long jobId) throws SQLException {
    PreparedStatement kind = tx.prepare(REPLAY_KIND);
    kind.setLong(1, jobId);
    boolean atGate;
    boolean group;
    Long groupId;
    try (ResultSet rows = kind.executeQuery()) {
      if (!rows.next()) {
        throw new NoSuchElementException("no job " + jobId);
      }
      boolean dead = "dead".equals(rows.getString(1));
      atGate = dead && rows.getInt(2) == 0 && rows.getInt(3) == 1;
      rows.getInt(4);
      group = dead && !rows.wasNull();
      groupId = nullableLong(rows, 5);
    }
    KeyHolder holder = otherKeyHolder(tx, jobId);
    if (holder != null) {
      throw new IllegalStateException(
          "job %d cannot be replayed: job %d, which is not final, holds its unique key '%s' now"
              .formatted(jobId, holder.id(), holder.key()));
    }
    if (group) {
      // A fanned-out stage dead of its items: replaying it replays them.
      int restored = 0;
      for (long item : Groups.deadItems(tx, jobId)) {
        restored += replay(tx, item);
      }
      return restored;
    }
    PreparedStatement replay = tx.prepare(atGate && groupId == null ? REPLAY_AT_GATE : REPLAY);
    if (atGate && groupId == null) {
      replay.setLong(1, jobId);
    } else {
      replay.setLong(1, tx.now());
      replay.setLong(2, jobId);
    }
    Row row = single(replay);
    if (row == null) {
      PreparedStatement read = tx.prepare(JOB_STATE);
      read.setLong(1, jobId);
      try (ResultSet rows = read.executeQuery()) {
        if (!rows.next()) {
          throw new NoSuchElementException("no job " + jobId);
        }
        throw new IllegalStateException(
            "job %d is %s, not dead: only dead jobs can be replayed"
                .formatted(jobId, rows.getString(1)));
      }
    }
    PreparedStatement close = tx.prepare(CLOSE_DEAD_LETTER);
    close.setLong(1, tx.now());
    close.setLong(2, jobId);
    close.executeUpdate();
    WriteTx.RunDelta delta = tx.run(row.runId);
    delta.unfinished++;
    delta.dead--;
    if (atGate && groupId == null) {
      // Its gate killed it (a condition in error, a fan-out that could not be made): it goes
      // through the gate again, with what is stored now.
      tx.event(jobId, row.runId, row.stage, JobState.BLOCKED, row.attempts);
      tx.gates.add(jobId);
    } else {
      tx.event(jobId, row.runId, row.stage, JobState.PENDING, row.attempts);
    }
    Gates.holdFinalWaiters(tx, jobId);
    int restored = restoreDependents(tx, jobId);
    if (groupId != null) {
      restored += Groups.reopen(tx, groupId);
    }
    return restored;
  }

  /**
   * The dependents cancelled because of {@code cause}, which is not dead any more, come back, in id
   * (= topological) order, so each one's parents are already restored when it is looked at. One
   * that has another dead or cancelled parent stays cancelled.
   *
   * @return how many came back
   */
  static int restoreDependents(WriteTx tx, long cause) throws SQLException {
    List<Long> dependents = new ArrayList<>();
    PreparedStatement cancelledBy = tx.prepare(CANCELLED_BY);
    cancelledBy.setLong(1, cause);
    try (ResultSet rows = cancelledBy.executeQuery()) {
      while (rows.next()) {
        dependents.add(rows.getLong(1));
      }
    }
    int restored = 0;
    for (long dependent : dependents) {
      PreparedStatement parents = tx.prepare(PARENT_STATES);
      parents.setLong(1, dependent);
      int unmet = 0;
      boolean blockedForGood = false;
      try (ResultSet rows = parents.executeQuery()) {
        while (rows.next()) {
          JobState parent = JobState.fromLabel(rows.getString(1));
          boolean readByState = rows.getInt(3) == 1;
          if (readByState) {
            // Read for its state: met once final, whichever way it ended.
            if (!parent.isFinal()) {
              unmet += rows.getInt(2);
            }
          } else if (parent == JobState.DEAD
              || parent == JobState.CANCELLED
              || parent == JobState.SKIPPED) {
            blockedForGood = true;
          } else if (parent != JobState.COMPLETE) {
            unmet += rows.getInt(2);
          }
        }
      }
      if (blockedForGood) {
        // It stays cancelled, now because of that other parent: replaying that one restores it.
        recordBlockingCause(tx, dependent);
        continue;
      }
      if (otherKeyHolder(tx, dependent) != null) {
        // Enqueued again with its unique key since it was cancelled: that job does its work.
        continue;
      }
      boolean gated = false;
      if (unmet == 0) {
        PreparedStatement hasGate = tx.prepare(HAS_GATE);
        hasGate.setLong(1, dependent);
        try (ResultSet rows = hasGate.executeQuery()) {
          gated = rows.next() && rows.getInt(1) == 1;
        }
      }
      JobState state = unmet == 0 && !gated ? JobState.PENDING : JobState.BLOCKED;
      PreparedStatement restore = tx.prepare(RESTORE);
      restore.setString(1, state.label());
      restore.setInt(2, unmet);
      restore.setLong(3, tx.now());
      restore.setLong(4, dependent);
      Row restoredRow = single(restore);
      if (restoredRow != null) {
        tx.event(dependent, restoredRow.runId, restoredRow.stage, state, restoredRow.attempts);
        WriteTx.RunDelta runDelta = tx.run(restoredRow.runId);
        runDelta.unfinished++;
        runDelta.cancelled--;
        restored++;
        if (gated) {
          tx.gates.add(dependent);
        }
      }
    }
    return restored;
  }

  private static void recordBlockingCause(WriteTx tx, long jobId) throws SQLException {
    PreparedStatement cause = tx.prepare(BLOCKING_CAUSE);
    cause.setLong(1, jobId);
    try (ResultSet rows = cause.executeQuery()) {
      if (rows.next()) {
        PreparedStatement set = tx.prepare(SET_CAUSE);
        set.setLong(1, rows.getLong(1));
        set.setLong(2, jobId);
        set.executeUpdate();
      }
    }
  }

  /** Another job that holds a job's unique key. */
  private record KeyHolder(long id, String key) {}

  /**
   * The other job that holds {@code jobId}'s unique key now, or {@code null} when the job has no
   * key or no other job holds it.
   */
  private static KeyHolder otherKeyHolder(WriteTx tx, long jobId) throws SQLException {
    PreparedStatement holder = tx.prepare(OTHER_KEY_HOLDER);
    holder.setLong(1, jobId);
    try (ResultSet rows = holder.executeQuery()) {
      return rows.next() ? new KeyHolder(rows.getLong(1), rows.getString(2)) : null;
    }
  }

  /**
   * The run, stage and attempts a guarded update returned, or {@code null} when it matched none.
   */
  private record Row(Long runId, String stage, int attempts) {}

  private static Row single(PreparedStatement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      if (!rows.next()) {
        return null;
      }
      return new Row(nullableLong(rows, 1), rows.getString(2), rows.getInt(3));
    }
  }

  private static void bindLease(PreparedStatement statement, int from, Lease lease)
      throws SQLException {
    statement.setLong(from, lease.jobId());
    statement.setString(from + 1, lease.owner());
    statement.setInt(from + 2, lease.claim());
  }

  static Integer nullableInt(ResultSet rows, int column) throws SQLException {
    int value = rows.getInt(column);
    return rows.wasNull() ? null : value;
  }

  static Long nullableLong(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  static void setNullableLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, java.sql.Types.INTEGER);
    } else {
      statement.setLong(index, value);
    }
  }
}
