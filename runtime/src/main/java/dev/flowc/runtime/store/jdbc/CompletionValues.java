package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.JobState;
import dev.flowc.runtime.store.Lease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completions that follow each other in a batch, written as one {@code UPDATE ... FROM (VALUES
 * ...)} per chunk, for a dialect without arrays (SQLite). On SQLite a statement per job was a third
 * of the writer's time on the user's path (issue 10): each costs a reset, a bind, a step and a
 * result set of its own, where the rows themselves cost little. The effects are those of {@link
 * Completion#apply} on each in turn (guard, events, counters, logs, release of children), except
 * that the gates of the children released are decided once per chunk, after its completions, as
 * {@link JobTransitions#completeMany} does: their events follow the chunk's, in the same commit.
 *
 * <p>A chunk holds {@link #CHUNKS} rows, so that only that many statement texts are ever prepared;
 * fewer than the smallest chunk complete one by one. Two completions of the same lease never share
 * a chunk: the statement could not tell which of them was applied.
 */
final class CompletionValues {
  /** The chunk sizes, largest first. */
  static final int[] CHUNKS = {256, 64, 16, 4};

  private static final Map<Integer, String> STATEMENTS = new HashMap<>();

  static {
    for (int size : CHUNKS) {
      STATEMENTS.put(size, statement(size));
    }
  }

  private CompletionValues() {}

  /**
   * The statement for {@code rows} completions: the guard and the changes of {@code
   * JobTransitions.COMPLETE}, each row naming a lease (id, owner, claim), its result and its start.
   */
  static String statement(int rows) {
    String values = String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?)"));
    return """
        WITH c(id, owner, claims, result, started) AS (VALUES %s)
        UPDATE jobs SET state = 'complete', result = c.result, progress = 100, finished_at = ?,
          started_at = coalesce(c.started, jobs.started_at), lease_owner = NULL,
          lease_until = NULL
        FROM c
        WHERE jobs.id = c.id AND jobs.state = 'running' AND jobs.lease_owner = c.owner
          AND jobs.claims = c.claims AND jobs.cancel_requested = 0
        RETURNING jobs.id, jobs.claims, jobs.run_id, jobs.stage, jobs.attempts,
          CASE WHEN EXISTS (SELECT 1 FROM job_deps WHERE depends_on = jobs.id) THEN 1 ELSE 0 END,
          jobs.started_at, jobs.group_id"""
        .formatted(values);
  }

  /** Applies {@code completions} in order; returns whether each was applied. */
  static List<Boolean> apply(WriteTx tx, List<Completion> completions) throws SQLException {
    List<Boolean> applied = new ArrayList<>(completions.size());
    int from = 0;
    while (from < completions.size()) {
      int size = chunk(completions, from);
      if (size == 0) {
        applied.add(completions.get(from).apply(tx));
        from++;
      } else {
        applied.addAll(applyChunk(tx, completions.subList(from, from + size)));
        from += size;
      }
    }
    return applied;
  }

  /**
   * The size of the chunk that starts at {@code from}: the largest of {@link #CHUNKS} that fits in
   * what is left and holds no lease twice, or 0 when none does.
   */
  static int chunk(List<Completion> completions, int from) {
    int left = completions.size() - from;
    int distinct = 0;
    Set<Long> seen = new HashSet<>();
    int limit = Math.min(left, CHUNKS[0]);
    while (distinct < limit && seen.add(completions.get(from + distinct).lease().jobId())) {
      distinct++;
    }
    for (int size : CHUNKS) {
      if (size <= distinct) {
        return size;
      }
    }
    return 0;
  }

  /**
   * A completion the statement applied, as it returned it (the lease's claim: the same job may be
   * in the chunk under another lease, which the statement did not apply).
   */
  private record Completed(
      int claim, Long runId, String stage, int attempts, boolean parent, Instant startedAt) {}

  // Each loop is a method of its own: the JIT compiles a method once per loop it enters hot (on
  // stack replacement), the whole method each time, and these loops run 256 rows per call. As one
  // method they were compiled three times over, about a second of a core in a run of 100,000 jobs
  // on the user's path (issue 10).
  private static List<Boolean> applyChunk(WriteTx tx, List<Completion> chunk) throws SQLException {
    PreparedStatement update = tx.prepare(STATEMENTS.get(chunk.size()));
    bind(update, chunk, tx.now());
    Map<Long, Completed> completed = completed(tx, update);
    List<Boolean> applied = applyEach(tx, chunk, completed);
    // The gates of the children released (language version 2), as Completion.apply drains them.
    Gates.drainGates(tx);
    return applied;
  }

  private static void bind(PreparedStatement update, List<Completion> chunk, long now)
      throws SQLException {
    int i = 1;
    for (Completion completion : chunk) {
      Lease lease = completion.lease();
      update.setLong(i++, lease.jobId());
      update.setString(i++, lease.owner());
      update.setInt(i++, lease.claim());
      update.setString(i++, completion.result());
      JobTransitions.setNullableLong(
          update,
          i++,
          completion.startedAt() == null ? null : completion.startedAt().toEpochMilli());
    }
    update.setLong(i, now);
  }

  /** Runs {@code update}; by job id, what it completed. */
  private static Map<Long, Completed> completed(WriteTx tx, PreparedStatement update)
      throws SQLException {
    Map<Long, Completed> completed = new HashMap<>();
    try (ResultSet rows = update.executeQuery()) {
      while (rows.next()) {
        Long started = JobTransitions.nullableLong(rows, 7);
        Long group = JobTransitions.nullableLong(rows, 8);
        if (group != null) {
          tx.groups.add(group);
        }
        completed.put(
            rows.getLong(1),
            new Completed(
                rows.getInt(2),
                JobTransitions.nullableLong(rows, 3),
                rows.getString(4),
                rows.getInt(5),
                rows.getInt(6) == 1,
                started == null ? null : Instant.ofEpochMilli(started)));
      }
    }
    return completed;
  }

  /** The effects of each completion of {@code chunk}, in order; whether each was applied. */
  private static List<Boolean> applyEach(
      WriteTx tx, List<Completion> chunk, Map<Long, Completed> completed) throws SQLException {
    List<Boolean> applied = new ArrayList<>(chunk.size());
    for (Completion completion : chunk) {
      Lease lease = completion.lease();
      Completed row = completed.get(lease.jobId());
      boolean done;
      if (row == null || row.claim() != lease.claim()) {
        done = JobTransitions.finishCancelled(tx, lease);
      } else {
        tx.event(
            lease.jobId(),
            row.runId(),
            row.stage(),
            JobState.COMPLETE,
            row.attempts(),
            row.startedAt());
        tx.run(row.runId()).unfinished--;
        if (row.parent()) {
          JobTransitions.releaseChildren(tx, lease.jobId());
        }
        done = true;
      }
      applied.add(AttemptLogs.insertIf(done, tx, lease, completion.log()));
    }
    return applied;
  }
}
