package dev.flowc.runtime.store.sqlite;

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

/**
 * One write transaction of the writer thread: the connection with its cached statements, the events
 * to publish after commit, and the run counter changes to apply before it.
 */
final class WriteTx {
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
  final List<JobEvent> events = new ArrayList<>();
  final Map<Long, RunDelta> runs = new LinkedHashMap<>();
  boolean readied;

  /** The highest priority among the jobs made ready; MAX_VALUE when one's is not known. */
  int readiedPriority = Integer.MIN_VALUE;

  WriteTx(
      Connection connection,
      Map<String, PreparedStatement> statements,
      boolean wantEvents,
      long now) {
    this.connection = connection;
    this.statements = statements;
    this.wantEvents = wantEvents;
    this.now = now;
  }

  /** The transaction's time, in epoch milliseconds. */
  long now() {
    return now;
  }

  Connection connection() {
    return connection;
  }

  /** A prepared statement for {@code sql}, cached on the writer connection. */
  PreparedStatement prepare(String sql) throws SQLException {
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
    }
  }

  /** A job of {@code priority} became {@code pending}: its event, and the wake-up's priority. */
  void readyEvent(long jobId, Long runId, String stage, int attempt, int priority) {
    if (wantEvents) {
      events.add(
          new JobEvent(
              jobId, runId, stage, JobState.PENDING, attempt, -1, Instant.ofEpochMilli(now)));
    }
    readied(priority);
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
  static Map<String, PreparedStatement> newCache() {
    return new HashMap<>();
  }
}
