package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.Bindings;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.RunValues;
import dev.flowc.dag.Values;
import dev.flowc.runtime.EnqueueRequest;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.store.NewRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** New runs and jobs. */
final class JobInserts {
  private static final String INSERT_RUN =
      "INSERT INTO runs (id, pipeline, status, params, source_path, base_dir, jobs, unfinished,"
          + " created_at, run_key, scheduled_at) VALUES (%s, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " RETURNING id";

  private static final String ADD_QUEUE =
      "INSERT INTO queues (name, concurrency) VALUES (?, NULL) ON CONFLICT (name) DO NOTHING";

  private static final Map<Backoff.Kind, String> BACKOFF_KINDS =
      new java.util.EnumMap<>(Backoff.Kind.class);

  static {
    for (Backoff.Kind kind : Backoff.Kind.values()) {
      BACKOFF_KINDS.put(kind, kind.name().toLowerCase(Locale.ROOT));
    }
  }

  /** A column of the jobs table that a new row sets, and the SQL type a null in it is bound as. */
  record Column(String name, int nullType) {}

  /** The columns of the jobs table that a new row sets, and the statement inserting one row. */
  record JobColumns(List<String> names, int[] nullTypes, String insert) {
    /** {@link #COMMON_COLUMNS} and then {@code more}. */
    static JobColumns commonAnd(List<Column> more) {
      List<Column> all = new ArrayList<>(COMMON_COLUMNS);
      all.addAll(more);
      List<String> names = all.stream().map(Column::name).toList();
      return new JobColumns(
          names,
          all.stream().mapToInt(Column::nullType).toArray(),
          "INSERT INTO jobs ("
              + String.join(", ", names)
              + ") VALUES ("
              + String.join(", ", java.util.Collections.nCopies(names.size(), "?"))
              + ")");
    }
  }

  /** What every new row of the jobs table sets: a stage's job and a fan-out's item alike. */
  private static final List<Column> COMMON_COLUMNS =
      List.of(
          new Column("id", Types.INTEGER),
          new Column("run_id", Types.INTEGER),
          new Column("stage", Types.VARCHAR),
          new Column("handler", Types.VARCHAR),
          new Column("queue", Types.VARCHAR),
          new Column("priority", Types.INTEGER),
          new Column("state", Types.VARCHAR),
          new Column("run_at", Types.INTEGER),
          new Column("unmet", Types.INTEGER),
          new Column("max_retries", Types.INTEGER),
          new Column("backoff_kind", Types.VARCHAR),
          new Column("backoff_base_ms", Types.INTEGER),
          new Column("backoff_max_ms", Types.INTEGER),
          new Column("timeout_ms", Types.INTEGER),
          new Column("input", Types.VARCHAR),
          new Column("metadata", Types.VARCHAR),
          new Column("description", Types.VARCHAR),
          new Column("created_at", Types.INTEGER));

  /** The columns of a new job of a plan or an enqueue. */
  private static final JobColumns JOB_COLUMNS =
      JobColumns.commonAnd(
          List.of(
              new Column("cancelled_by", Types.INTEGER),
              new Column("finished_at", Types.INTEGER),
              new Column("when_expr", Types.VARCHAR),
              new Column("each_spec", Types.VARCHAR),
              new Column("skip_reason", Types.VARCHAR),
              new Column("unique_key", Types.VARCHAR)));

  // on_final: the job reads the dependency's state (waits_for_final), see Gates.
  static final String INSERT_DEP =
      "INSERT INTO job_deps (job_id, depends_on, on_final) VALUES (?, ?, ?)"
          + " ON CONFLICT DO NOTHING";

  // A job of a run still being submitted is not there yet for anyone else.
  private static final String PARENT =
      "SELECT state FROM jobs WHERE id = ? AND " + Submitting.NOT_IN_SUBMITTING_RUN;

  private static final String ADD_TO_RUN =
      "UPDATE runs SET jobs = jobs + ?, unfinished = unfinished + ?, cancelled = cancelled + ?"
          + " WHERE id = ? AND status <> 'submitting'";

  private static final String RUN_EXISTS =
      "SELECT 1 FROM runs WHERE id = ? AND status <> 'submitting'";

  // The job that holds a unique key: one that is not final (the unique index jobs_unique_key).
  static final String KEY_HOLDER =
      "SELECT id FROM jobs WHERE unique_key = ?"
          + " AND state IN ('blocked', 'pending', 'running', 'retrying')";

  /**
   * Rows a batch holds before it is sent: the driver keeps every bound row of a batch until it
   * runs, so a plan of 1,000,000 jobs sent as one batch held all its rows' text at once.
   */
  private static final int FLUSH_ROWS = 5_000;

  private JobInserts() {}

  /** Inserts a run and its jobs; returns the run's id. */
  static long createRun(WriteTx tx, NewRun newRun) throws SQLException {
    Plan plan = newRun.plan();
    if (newRun.key() != null && RunKeys.find(tx, newRun.key()).isPresent()) {
      throw new RunKeys.Taken(newRun.key());
    }
    PreparedStatement run = tx.prepare(INSERT_RUN.formatted(tx.dialect().newRunId()));
    run.setString(1, plan.pipeline());
    run.setString(2, plan.jobs().isEmpty() ? "complete" : "running");
    run.setString(3, paramsJson(plan));
    run.setString(4, plan.source() == null ? null : plan.source().path());
    run.setString(5, newRun.baseDirectory());
    run.setInt(6, plan.jobs().size());
    run.setInt(7, plan.jobs().size());
    run.setLong(8, tx.now());
    run.setString(9, newRun.key());
    setNullableMillis(run, 10, newRun.scheduledAt());
    long runId;
    try (ResultSet keys = run.executeQuery()) {
      keys.next();
      runId = keys.getLong(1);
    }
    if (newRun.key() != null) {
      RunKeys.take(tx, newRun.key(), runId);
    }
    if (plan.jobs().isEmpty()) {
      PreparedStatement finish = tx.prepare("UPDATE runs SET finished_at = ? WHERE id = ?");
      finish.setLong(1, tx.now());
      finish.setLong(2, runId);
      finish.executeUpdate();
    }
    upsertQueues(tx, plan);

    // Jobs get increasing ids in the plan's topological order, which makes id order a
    // topological order too.
    long[] reserved = tx.dialect().reserveJobIds(tx, plan.jobs().size());
    int next = 0;
    Map<String, Long> ids = new HashMap<>();
    JobRows job = new JobRows(tx, true);
    int batched = 0;
    // run.NAME is known now: filled in as each job is stored (language version 2).
    Bindings runValues =
        Bindings.none()
            .withRun(
                new RunValues(
                    runId,
                    plan.pipeline(),
                    java.time.Instant.ofEpochMilli(tx.now()),
                    newRun.scheduledAt(),
                    newRun.key()));
    try {
      for (JobSpec spec : plan.jobs()) {
        long id = reserved[next++];
        ids.put(spec.stage(), id);
        int unmet = spec.dependsOn().size();
        boolean gated = spec.when() != null || spec.each() != null;
        if (gated && unmet == 0) {
          tx.gates.add(id);
        }
        addPlanJob(
            job,
            spec,
            id,
            runId,
            unmet == 0 && !gated ? JobState.PENDING : JobState.BLOCKED,
            tx.now(),
            runValues);
        if (unmet == 0 && !gated) {
          tx.insertEvent(id, runId, spec.stage(), JobState.PENDING, spec.queue());
        }
      }
      job.finish();
    } catch (SQLException | RuntimeException e) {
      job.cancel(); // the connection must leave a bulk load begun before it can roll back
      throw e;
    }
    PreparedStatement dep = tx.prepare(INSERT_DEP);
    batched = 0;
    for (JobSpec spec : plan.jobs()) {
      for (String parent : spec.dependsOn()) {
        dep.setLong(1, ids.get(spec.stage()));
        dep.setLong(2, ids.get(parent));
        dep.setInt(3, spec.waitsForFinal().contains(parent) ? 1 : 0);
        dep.addBatch();
        if (++batched == FLUSH_ROWS) {
          dep.executeBatch();
          batched = 0;
        }
      }
    }
    dep.executeBatch();
    return runId;
  }

  static void setNullableMillis(PreparedStatement statement, int index, java.time.Instant at)
      throws SQLException {
    if (at == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, at.toEpochMilli());
    }
  }

  /**
   * Stores the plan's queues with their concurrency limits and rates: those of the latest plan that
   * declares a queue (see {@link RateBuckets#declare}).
   */
  static void upsertQueues(WriteTx tx, Plan plan) throws SQLException {
    List<RateBuckets.Declared> queues = new ArrayList<>(plan.queues().size());
    for (QueueSpec spec : plan.queues()) {
      queues.add(
          new RateBuckets.Declared(
              spec.name(),
              spec.concurrency(),
              spec.rate() == null ? null : spec.rate().limit(),
              spec.rate() == null ? null : spec.rate().periodMs()));
    }
    RateBuckets.declare(tx, queues);
  }

  /**
   * Whether {@code requests} are independent jobs: none is in a run, depends on a job or has a
   * unique key. Their rows depend on nothing stored but their queues' rows, and {@link
   * #enqueueIndependent} stores them.
   */
  static boolean areIndependent(List<EnqueueRequest> requests) {
    for (EnqueueRequest request : requests) {
      if (request.runId() != null
          || !request.dependsOn().isEmpty()
          || request.uniqueKey() != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@link #enqueueIndependent} of {@code requests}, {@link #areIndependent}, writes with
   * one statement only (see {@link JdbcJobStore#callSingleWrite}): the dialect's statement that
   * takes the ids, adds the queues and stores the rows ({@link Dialect#insertJobsWithNewIds}) takes
   * up to {@code maxJobsWithNewIds} rows, or every queue is in {@code knownQueues} and the rows are
   * loaded in one statement after their ids are read, from a sequence that no transaction rolls
   * back.
   */
  static boolean isSingleWrite(
      List<EnqueueRequest> requests, Set<String> knownQueues, int maxJobsWithNewIds) {
    if (fitsOneStatement(requests.size(), maxJobsWithNewIds)) {
      return true;
    }
    for (EnqueueRequest request : requests) {
      if (!knownQueues.contains(request.queue())) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code jobs} jobs go in one statement of {@link Dialect#insertJobsWithNewIds}. */
  private static boolean fitsOneStatement(int jobs, int maxJobsWithNewIds) {
    return maxJobsWithNewIds > 0 && jobs <= maxJobsWithNewIds;
  }

  /**
   * Inserts jobs that {@link #areIndependent}, all pending: where the dialect can, with one
   * statement ({@link Dialect#insertJobsWithNewIds}); else the queues not in {@code knownQueues}
   * first, then the jobs' ids, then their rows, with nothing to look up in between, so the rows
   * stream to the bulk loader as they are made. Apart from {@link #enqueueAll} so that the JIT
   * compiles this short loop soon and cheaply (the general loop's compilations took about 0.7 s of
   * a core in the bench's cold JVM, docs/performance.md).
   */
  static List<Long> enqueueIndependent(
      WriteTx tx, List<EnqueueRequest> requests, Set<String> knownQueues) throws SQLException {
    Set<String> newQueues = new java.util.TreeSet<>();
    for (EnqueueRequest request : requests) {
      if (!knownQueues.contains(request.queue())) {
        newQueues.add(request.queue());
      }
    }
    if (fitsOneStatement(requests.size(), tx.dialect().maxJobsWithNewIds())) {
      return insertIndependent(tx, requests, newQueues);
    }
    for (String queue : newQueues) {
      PreparedStatement addQueue = tx.prepare(ADD_QUEUE);
      addQueue.setString(1, queue);
      addQueue.executeUpdate();
    }
    long[] reserved = tx.dialect().reserveJobIds(tx, requests.size());
    List<Long> ids = new ArrayList<>(reserved.length);
    JobRows job = new JobRows(tx, true);
    try {
      long now = tx.now();
      for (int i = 0; i < reserved.length; i++) {
        EnqueueRequest request = requests.get(i);
        long id = reserved[i];
        job.add(
            id,
            null,
            request.stage(),
            request.handler(),
            request.queue(),
            request.priority(),
            JobState.PENDING,
            now,
            0,
            request.retries(),
            request.backoff(),
            request.timeout() == null ? null : request.timeout().toMillis(),
            jsonOrEmpty(request.input()),
            jsonOrEmpty(request.metadata()),
            null,
            null,
            null,
            null,
            null,
            null);
        ids.add(id);
        tx.insertEvent(id, null, request.stage(), JobState.PENDING, request.queue());
      }
      job.finish();
    } catch (SQLException | RuntimeException e) {
      job.cancel();
      throw e;
    }
    return ids;
  }

  /**
   * As {@link #enqueueIndependent}, with one statement that takes the ids and stores the rows
   * ({@link Dialect#insertJobsWithNewIds}): one round trip where reserving the ids first took two.
   */
  private static List<Long> insertIndependent(
      WriteTx tx, List<EnqueueRequest> requests, Set<String> newQueues) throws SQLException {
    long now = tx.now();
    List<Object[]> rows = new ArrayList<>(requests.size());
    for (EnqueueRequest request : requests) {
      rows.add(
          JobRows.row(
              0,
              null,
              request.stage(),
              request.handler(),
              request.queue(),
              request.priority(),
              JobState.PENDING,
              now,
              0,
              request.retries(),
              request.backoff(),
              request.timeout() == null ? null : request.timeout().toMillis(),
              jsonOrEmpty(request.input()),
              jsonOrEmpty(request.metadata()),
              null,
              null,
              null,
              null,
              null,
              null));
    }
    long[] inserted = tx.dialect().insertJobsWithNewIds(tx, JOB_COLUMNS.names(), rows, newQueues);
    List<Long> ids = new ArrayList<>(inserted.length);
    for (int i = 0; i < inserted.length; i++) {
      EnqueueRequest request = requests.get(i);
      tx.countInsertedJob();
      ids.add(inserted[i]);
      tx.insertEvent(inserted[i], null, request.stage(), JobState.PENDING, request.queue());
    }
    return ids;
  }

  /**
   * Inserts jobs in order, so a later one may depend on an earlier one; a dependency that is dead
   * or cancelled cancels the job at once. The rows go in as one batch, with each run checked, each
   * queue not in {@code knownQueues} added and the next id read once, not once per job: a batch of
   * 1,000 costs about a third of 1,000 single inserts.
   *
   * @param knownQueues queues whose row is stored already (committed): their upsert is skipped
   */
  static List<Long> enqueueAll(WriteTx tx, List<EnqueueRequest> requests, Set<String> knownQueues)
      throws SQLException {
    JobRows job = new JobRows(tx, false);
    try {
      return insertAll(tx, requests, knownQueues, job, tx.prepare(INSERT_DEP));
    } catch (SQLException | RuntimeException e) {
      job.cancel(); // a request found wrong after the load began
      throw e;
    }
  }

  private static List<Long> insertAll(
      WriteTx tx,
      List<EnqueueRequest> requests,
      Set<String> knownQueues,
      JobRows job,
      PreparedStatement dep)
      throws SQLException {
    Set<Long> runsSeen = new HashSet<>();
    Set<String> queuesAdded = new HashSet<>();
    // States of the jobs this call inserts, whose rows are not written until the batch runs.
    Map<Long, JobState> inserted = new HashMap<>();
    Map<Long, int[]> addedToRuns = new LinkedHashMap<>();
    List<Long> ids = new ArrayList<>(requests.size());
    // Unique keys: by key, the job that holds it, found in the store or inserted by this call.
    Map<String, Long> keyHolders = new HashMap<>();
    Set<String> keys = new java.util.TreeSet<>();
    for (EnqueueRequest request : requests) {
      if (request.uniqueKey() != null) {
        keys.add(request.uniqueKey());
      }
    }
    if (!keys.isEmpty()) {
      tx.dialect().lockUniqueKeys(tx, keys);
    }
    long[] reserved = tx.dialect().reserveJobIds(tx, requests.size());
    int next = 0;
    PreparedStatement parent = tx.prepare(PARENT);
    for (EnqueueRequest request : requests) {
      if (request.uniqueKey() != null) {
        Long holder = keyHolders.get(request.uniqueKey());
        if (holder == null && !keyHolders.containsKey(request.uniqueKey())) {
          holder = keyHolder(tx, request.uniqueKey());
        }
        if (holder != null) {
          // Nothing is stored: the job that holds the key stands for this one.
          ids.add(holder);
          continue;
        }
      }
      if (request.runId() != null && runsSeen.add(request.runId())) {
        PreparedStatement run = tx.prepare(RUN_EXISTS);
        run.setLong(1, request.runId());
        try (ResultSet rows = run.executeQuery()) {
          if (!rows.next()) {
            throw new NoSuchElementException("no run " + request.runId());
          }
        }
      }
      // A dependency listed twice is one dependency: it has one row, and one release.
      Set<Long> dependencies = new LinkedHashSet<>(request.dependsOn());
      int unmet = 0;
      Long cancelledBy = null;
      Long skippedBy = null;
      for (long dependency : dependencies) {
        JobState state = inserted.get(dependency);
        if (state == null) {
          parent.setLong(1, dependency);
          try (ResultSet rows = parent.executeQuery()) {
            if (!rows.next()) {
              throw new NoSuchElementException("no job " + dependency + " to depend on");
            }
            state = JobState.fromLabel(rows.getString(1));
          }
        }
        if (state == JobState.DEAD || state == JobState.CANCELLED) {
          cancelledBy = cancelledBy == null ? dependency : cancelledBy;
        } else if (state == JobState.SKIPPED) {
          skippedBy = skippedBy == null ? dependency : skippedBy;
        } else if (state != JobState.COMPLETE) {
          unmet++;
        }
      }
      JobState state =
          cancelledBy != null
              ? JobState.CANCELLED
              : skippedBy != null
                  ? JobState.SKIPPED
                  : unmet == 0 ? JobState.PENDING : JobState.BLOCKED;
      long id = reserved[next++];
      if (!knownQueues.contains(request.queue()) && queuesAdded.add(request.queue())) {
        PreparedStatement addQueue = tx.prepare(ADD_QUEUE);
        addQueue.setString(1, request.queue());
        addQueue.executeUpdate();
      }
      job.add(
          id,
          request.runId(),
          request.stage(),
          request.handler(),
          request.queue(),
          request.priority(),
          state,
          tx.now(),
          unmet,
          request.retries(),
          request.backoff(),
          request.timeout() == null ? null : request.timeout().toMillis(),
          jsonOrEmpty(request.input()),
          jsonOrEmpty(request.metadata()),
          null,
          cancelledBy,
          null,
          null,
          state == JobState.SKIPPED
              ? "job %d it depends on was skipped".formatted(skippedBy)
              : null,
          request.uniqueKey());
      if (request.uniqueKey() != null) {
        // A job final at once (a dependency dead, cancelled or skipped) holds no key.
        keyHolders.put(request.uniqueKey(), state.isFinal() ? null : id);
      }
      for (long dependency : dependencies) {
        dep.setLong(1, id);
        dep.setLong(2, dependency);
        dep.setInt(3, 0);
        dep.addBatch();
      }
      if (request.runId() != null) {
        int[] added = addedToRuns.computeIfAbsent(request.runId(), run -> new int[3]);
        added[0]++;
        if (state == JobState.CANCELLED) {
          added[2]++;
        } else if (!state.isFinal()) {
          added[1]++;
        }
      }
      inserted.put(id, state);
      ids.add(id);
      tx.insertEvent(id, request.runId(), request.stage(), state, request.queue());
    }
    job.finish();
    dep.executeBatch();
    for (Map.Entry<Long, int[]> run : addedToRuns.entrySet()) {
      PreparedStatement add = tx.prepare(ADD_TO_RUN);
      add.setInt(1, run.getValue()[0]);
      add.setInt(2, run.getValue()[1]);
      add.setInt(3, run.getValue()[2]);
      add.setLong(4, run.getKey());
      if (add.executeUpdate() != 1) {
        // Removed (or hidden to be removed) by a purge since it was looked at: where writers run
        // at once, this statement waits for the purge's commit and then finds no row.
        throw new NoSuchElementException("no run " + run.getKey());
      }
      tx.run(run.getKey()); // recompute the run's status
    }
    return ids;
  }

  /** The job that holds {@code key} (one not final), or {@code null} when none does. */
  static Long keyHolder(WriteTx tx, String key) throws SQLException {
    PreparedStatement holder = tx.prepare(KEY_HOLDER);
    holder.setString(1, key);
    try (ResultSet rows = holder.executeQuery()) {
      return rows.next() ? rows.getLong(1) : null;
    }
  }

  /**
   * The rows of new jobs, in the order of their {@link JobColumns}: through the dialect's bulk
   * loader where it has one, else as a batch of the columns' insert. A failure abandons the load
   * (see {@link BulkLoader#cancel}).
   */
  static final class JobRows {
    private final WriteTx tx;
    private final BulkLoader loader;
    private final PreparedStatement insert;
    private final int[] nullTypes;
    private final boolean streaming;
    // The rows of a load that must not begin before finish (see streaming).
    private final List<Object[]> held = new ArrayList<>();
    private int batched;

    /**
     * @param streaming whether rows may be sent as they come (a plan's many rows, every {@link
     *     #FLUSH_ROWS} or a bulk load's chunk), not only at {@link #finish}: only when the caller
     *     runs no other statement in between, since a bulk load holds the connection from its first
     *     chunk to its end
     */
    JobRows(WriteTx tx, boolean streaming) throws SQLException {
      this(tx, streaming, JOB_COLUMNS);
    }

    /** Rows of other {@code columns} of the jobs table (a fanned-out stage's items). */
    JobRows(WriteTx tx, boolean streaming, JobColumns columns) throws SQLException {
      this.tx = tx;
      this.loader = tx.dialect().bulkLoader(tx, "jobs", columns.names());
      this.insert = loader == null ? tx.prepare(columns.insert()) : null;
      this.nullTypes = columns.nullTypes();
      this.streaming = streaming;
    }

    void add(
        long id,
        Long runId,
        String stage,
        String handler,
        String queue,
        int priority,
        JobState state,
        long now,
        int unmet,
        int retries,
        Backoff backoff,
        Long timeoutMs,
        String input,
        String metadata,
        String description,
        Long cancelledBy,
        String whenExpr,
        String eachSpec,
        String skipReason,
        String uniqueKey)
        throws SQLException {
      add(
          row(
              id,
              runId,
              stage,
              handler,
              queue,
              priority,
              state,
              now,
              unmet,
              retries,
              backoff,
              timeoutMs,
              input,
              metadata,
              description,
              cancelledBy,
              whenExpr,
              eachSpec,
              skipReason,
              uniqueKey));
    }

    /** A row of the jobs' columns ({@link #JOB_COLUMNS}), its values in their order. */
    static Object[] row(
        long id,
        Long runId,
        String stage,
        String handler,
        String queue,
        int priority,
        JobState state,
        long now,
        int unmet,
        int retries,
        Backoff backoff,
        Long timeoutMs,
        String input,
        String metadata,
        String description,
        Long cancelledBy,
        String whenExpr,
        String eachSpec,
        String skipReason,
        String uniqueKey) {
      return new Object[] {
        id,
        runId,
        stage,
        handler,
        queue,
        priority,
        state.label(),
        now,
        unmet,
        retries,
        BACKOFF_KINDS.get(backoff.kind()),
        backoff.baseMs(),
        backoff.maxMs(),
        timeoutMs,
        input,
        metadata,
        description,
        now,
        cancelledBy,
        state.isFinal() ? now : null,
        whenExpr,
        eachSpec,
        skipReason,
        uniqueKey
      };
    }

    /** Adds a row: its values in the columns' order (see {@link BulkLoader#add}). */
    void add(Object... row) throws SQLException {
      tx.countInsertedJob();
      try {
        if (loader != null) {
          if (streaming) {
            loader.add(row);
          } else {
            held.add(row);
          }
          return;
        }
        for (int i = 0; i < row.length; i++) {
          Object value = row[i];
          if (value == null) {
            insert.setNull(i + 1, nullTypes[i]);
          } else if (value instanceof Long number) {
            insert.setLong(i + 1, number);
          } else if (value instanceof Integer number) {
            insert.setInt(i + 1, number);
          } else {
            insert.setString(i + 1, (String) value);
          }
        }
        insert.addBatch();
        if (streaming && ++batched == FLUSH_ROWS) {
          insert.executeBatch();
          batched = 0;
        }
      } catch (SQLException | RuntimeException e) {
        cancel();
        throw e;
      }
    }

    void finish() throws SQLException {
      if (loader == null) {
        insert.executeBatch();
        return;
      }
      try {
        for (Object[] row : held) {
          loader.add(row);
        }
        held.clear();
        loader.finish();
      } catch (SQLException | RuntimeException e) {
        cancel();
        throw e;
      }
    }

    /** Abandons a bulk load begun; called on every failure between the first row and finish. */
    void cancel() {
      if (loader != null) {
        loader.cancel();
      }
    }
  }

  /**
   * Adds a job of a plan to {@code rows} in {@code state}, its values and gate with {@code run}'s
   * values filled in (see {@link #createRun} and {@link ChunkedSubmit}).
   */
  static void addPlanJob(
      JobRows rows, JobSpec spec, long id, long runId, JobState state, long now, Bindings run)
      throws SQLException {
    rows.add(
        id,
        runId,
        spec.stage(),
        spec.handler(),
        spec.queue(),
        spec.priority(),
        state,
        now,
        spec.dependsOn().size(),
        spec.retries(),
        spec.backoff(),
        spec.timeoutMs(),
        withRun(jsonOrEmpty(spec.input()), run),
        withRun(jsonOrEmpty(spec.metadata()), run),
        spec.description(),
        null,
        spec.when() == null ? null : withRun(spec.when().toString(), run),
        spec.each() == null ? null : withRun(Gates.eachJson(spec.each()), run),
        null, // no skip reason
        null); // a plan's jobs have no unique key
  }

  /**
   * {@code json} with its {@code run.NAME} values filled in; the same text when it has none (the
   * common case costs one scan of the text, no parse).
   */
  private static String withRun(String json, Bindings run) {
    if (!json.contains("\"" + Values.RUN + "\"")) {
      return json;
    }
    return Values.substitute(JobQueries.parse(json), run).toString();
  }

  /**
   * A node as JSON text, {@code {}} for none. Most metadata (and many inputs) are empty objects,
   * which skip Jackson's generator: writing both took a third of the writer's time per enqueued
   * job.
   */
  private static String jsonOrEmpty(JsonNode node) {
    if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
      return "{}";
    }
    return JsonText.of(node);
  }

  static String paramsJson(Plan plan) {
    StringBuilder json = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, JsonNode> param : plan.params().entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(param.getKey()))
          .append(':')
          .append(param.getValue());
    }
    return json.append('}').toString();
  }
}
