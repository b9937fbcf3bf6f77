package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One write transaction: the connection with its cached statements, the events to publish after
 * commit, and the run counter changes to apply before it. The transaction strategy of a store
 * (SQLite's writer thread, PostgreSQL's pool) begins and commits it; {@link #finish} runs last
 * before the commit.
 */
public final class WriteTx {
  /** Changes to a run's counters, applied once per transaction. */
  static final class RunDelta {
    int unfinished;
    int dead;
    int cancelled;
  }

  private final Connection connection;
  private final Map<String, PreparedStatement> statements;
  private final boolean wantEvents;
  private final long now;
  private final Dialect dialect;
  final List<JobEvent> events = new ArrayList<>();
  final Map<Long, RunDelta> runs = new LinkedHashMap<>();
  boolean readied;
  // The queues of the jobs made ready, for the announcement to other processes; anyQueue when a
  // job's queue was not at hand.
  final Set<String> readiedQueues = new TreeSet<>();
  boolean anyQueue;
  // Whether a job became ready or retrying without its queue at hand: a wake-up that a claim in
  // this transaction cannot make needless (see claimedEveryReadyJobOf).
  private boolean readiedBlind;
  // Whether a running job was asked to stop: its worker may be in another process.
  boolean cancelRequested;

  // Version 2 (Gates, Groups): jobs whose dependencies were just met and whose gate (when, each)
  // must decide before they are ready; fanned-out stages one of whose items just ended; and, where
  // transactions run at once, stages to look at again once this one committed.
  final java.util.ArrayDeque<Long> gates = new java.util.ArrayDeque<>();
  final Set<Long> groups = new java.util.LinkedHashSet<>();
  final Set<Long> groupsAfterCommit = new java.util.LinkedHashSet<>();

  // Whether completions may claim after them now (ClaimAfterCompletion): asked when they would.
  private java.util.function.BooleanSupplier claimsAfterCompletions = () -> true;

  // How many rows this transaction inserted into the jobs table (JobInserts.JobRows).
  private int insertedJobs;

  /** The highest priority among the jobs made ready; MAX_VALUE when one's is not known. */
  int readiedPriority = Integer.MIN_VALUE;

  /**
   * A transaction on {@code connection}, already begun, whose prepared statements are cached in
   * {@code statements}; {@code now} is the store's time in epoch milliseconds.
   */
  public WriteTx(
      Connection connection,
      Map<String, PreparedStatement> statements,
      boolean wantEvents,
      long now,
      Dialect dialect) {
    this.connection = connection;
    this.statements = statements;
    this.wantEvents = wantEvents;
    this.now = now;
    this.dialect = dialect;
  }

  /** How many jobs (fan-out items included) this transaction inserted. */
  public int insertedJobs() {
    return insertedJobs;
  }

  void countInsertedJob() {
    insertedJobs++;
  }

  /**
   * Lets completions claim after them ({@link ClaimAfterCompletion}) only while {@code allowed}
   * says so, asked when they would: a store whose transactions run one after another on one thread
   * keeps the claims to its workers' dispatchers while other writes wait for that thread.
   */
  public void claimAfterCompletionsWhile(java.util.function.BooleanSupplier allowed) {
    this.claimsAfterCompletions = allowed;
  }

  boolean claimsAfterCompletions() {
    return claimsAfterCompletions.getAsBoolean();
  }

  /** The transaction's time, in epoch milliseconds. */
  public long now() {
    return now;
  }

  /** The transaction's connection. */
  public Connection connection() {
    return connection;
  }

  /** The events of the changes made so far, to publish once committed. */
  public List<JobEvent> events() {
    return events;
  }

  /** Whether the transaction made a job ready (pending or retrying). */
  public boolean readied() {
    return readied;
  }

  /** The highest priority among the jobs made ready; MAX_VALUE when one's is not known. */
  public int readiedPriority() {
    return readiedPriority;
  }

  /**
   * The queues of the jobs made ready; empty with {@link #readied} when a queue was not known (then
   * every queue may have a job).
   */
  public Set<String> readiedQueues() {
    return anyQueue ? Set.of() : readiedQueues;
  }

  /**
   * Whether other processes should be told of this transaction's ready jobs once it committed (see
   * {@link #readiedQueues}): a job became pending; a retry due later is found by polling.
   */
  public boolean announcesReady() {
    return anyQueue || !readiedQueues.isEmpty();
  }

  /**
   * Applies the run counter changes and announces a cancellation request: the last statements
   * before commit. Ready jobs are announced by the transaction strategy after the commit ({@link
   * #announcesReady}).
   */
  public void finish() throws SQLException {
    // Once per transaction, not per operation: a batch of completions of one stage's items
    // probes once whether the stage ended (see Groups).
    Gates.drain(this);
    RunCounters.apply(this);
    if (cancelRequested) {
      dialect.announceCancel(this);
    }
  }

  Dialect dialect() {
    return dialect;
  }

  /**
   * Whether {@link #finish} has no statement to run as things stand: no gate or fanned-out stage to
   * look at, no run counter to change, no cancellation to announce. A statement that commits the
   * transaction with it ({@link Dialect#commitWithLastStatement}) may then be its last.
   */
  boolean nothingToFinish() {
    if (!gates.isEmpty() || !groups.isEmpty() || cancelRequested) {
      return false;
    }
    if (dialect.runsView().equals("runs") && !runs.isEmpty()) {
      return false; // each run's status is computed again, changed or not (RunCounters)
    }
    for (RunDelta delta : runs.values()) {
      if (delta.unfinished != 0 || delta.dead != 0 || delta.cancelled != 0) {
        return false;
      }
    }
    return true;
  }

  /** A prepared statement for {@code sql}, cached on the connection. */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    statement.clearParameters();
    return statement;
  }

  RunDelta run(Long runId) {
    return runId == null ? new RunDelta() : runs.computeIfAbsent(runId, id -> new RunDelta());
  }

  void event(long jobId, Long runId, String stage, JobState state, int attempt) {
    event(jobId, runId, stage, state, attempt, null);
  }

  /** A state change; {@code startedAt}, when known, is the start of the attempt it ends. */
  void event(long jobId, Long runId, String stage, JobState state, int attempt, Instant startedAt) {
    if (wantEvents) {
      events.add(
          new JobEvent(
              jobId, runId, stage, state, attempt, -1, Instant.ofEpochMilli(now), startedAt));
    }
    if (state == JobState.PENDING || state == JobState.RETRYING) {
      readied(Integer.MAX_VALUE);
      readiedBlind = true;
      // A retry is due later: other processes find it by polling, not by an announcement.
      anyQueue |= state == JobState.PENDING;
    }
  }

  /** A job of {@code queue} was inserted ready or blocked: its event, and its queue's wake-up. */
  void insertEvent(long jobId, Long runId, String stage, JobState state, String queue) {
    if (wantEvents) {
      events.add(new JobEvent(jobId, runId, stage, state, 0, -1, Instant.ofEpochMilli(now), null));
    }
    if (state == JobState.PENDING) {
      readied(Integer.MAX_VALUE);
      readiedQueues.add(queue);
    }
  }

  /** A job of {@code priority} became {@code pending}: its event, and the wake-up's priority. */
  void readyEvent(long jobId, Long runId, String stage, int attempt, int priority, String queue) {
    if (wantEvents) {
      events.add(
          new JobEvent(
              jobId, runId, stage, JobState.PENDING, attempt, -1, Instant.ofEpochMilli(now)));
    }
    readied(priority);
    readiedQueues.add(queue);
  }

  /**
   * Notes that a claim in this transaction, after the jobs it made ready, took every ready job of
   * {@code queues} (all when empty) but {@code excluded}: no process need be woken for those queues
   * any more. Where that leaves no queue, and no job was made ready without its queue at hand, the
   * commit wakes no worker at all.
   */
  void claimedEveryReadyJobOf(Set<String> queues, Set<String> excluded) {
    readiedQueues.removeIf(
        queue -> (queues.isEmpty() || queues.contains(queue)) && !excluded.contains(queue));
    if (readiedQueues.isEmpty() && !anyQueue && !readiedBlind) {
      readied = false;
      readiedPriority = Integer.MIN_VALUE;
    }
  }

  /** Notes that a job of {@code priority} became ready (the worker's wake-up says so). */
  void readied(int priority) {
    readied = true;
    readiedPriority = Math.max(readiedPriority, priority);
  }

  void progressEvent(long jobId, Long runId, String stage, int attempt, int progress) {
    if (wantEvents) {
      events.add(
          new JobEvent(
              jobId, runId, stage, JobState.RUNNING, attempt, progress, Instant.ofEpochMilli(now)));
    }
  }

  /** Statement cache for a connection. */
  public static Map<String, PreparedStatement> newCache() {
    return new HashMap<>();
  }
}
