package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.Bindings;
import dev.flowc.dag.Each;
import dev.flowc.dag.EvaluationException;
import dev.flowc.dag.Values;
import dev.flowc.dag.WhenEvaluator;
import dev.flowc.runtime.JobState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The items of a fanned-out stage. The stage's own job (the group) makes them when its dependencies
 * are met ({@link #expand}), all in that transaction, and is {@code running} (without a lease,
 * never claimed) while they run; items are ordinary jobs for claiming, each with the stage's
 * settings, its index and its element. When the last item ends the group settles ({@link #settle}):
 * complete with the list of the items' results in item order, or dead when an item is dead, or
 * cancelled when one was cancelled. Its dependents wait for the group as for any job.
 *
 * <p>Ending an item never writes the group's row: the transaction that ends one probes for an item
 * of the group that is not final yet (one index lookup), and settles the group when there is none.
 * Where transactions run at once (PostgreSQL), two that end the last two items may each see the
 * other's item still open; each then looks again after its commit ({@link
 * WriteTx#groupsAfterCommit}), and the one that sees both settles. A process killed in between
 * leaves a group whose items are all final: every worker's reclaim timer settles those ({@link
 * #sweep}).
 */
final class Groups {
  /** The error class of a stage one of whose items is dead. */
  static final String ITEM_DEAD = "flowc.ItemDead";

  /** The error class of an item whose input cannot be made from its element. */
  static final String ITEM_ERROR = "flowc.ItemError";

  // The columns of an item's row: through the dialect's bulk loader (COPY) where it has one.
  private static final JobInserts.JobColumns ITEM_COLUMNS =
      JobInserts.JobColumns.commonAnd(
          List.of(
              new JobInserts.Column("finished_at", Types.INTEGER),
              new JobInserts.Column("group_id", Types.INTEGER),
              new JobInserts.Column("item_index", Types.INTEGER),
              new JobInserts.Column("item_element", Types.VARCHAR),
              new JobInserts.Column("when_outcome", Types.VARCHAR),
              new JobInserts.Column("skip_reason", Types.VARCHAR),
              new JobInserts.Column("last_error", Types.VARCHAR)));

  private static final String INSERT_ERROR =
      "INSERT INTO job_errors (job_id, attempt, error_class, message, stack_trace, failed_at,"
          + " worker) VALUES (?, 0, ?, ?, NULL, ?, NULL)";

  private static final String INSERT_DEAD_LETTER =
      "INSERT INTO dead_letters (job_id, run_id, error, attempts, failed_at) VALUES (?, ?, ?, 0, ?)";

  private static final String START =
      "UPDATE jobs SET state = 'running', items = ?, when_outcome = ?, started_at = ?"
          + " WHERE id = ? AND state = 'blocked'";

  private static final String COMPLETE_EMPTY =
      "UPDATE jobs SET state = 'complete', result = '[]', items = 0, progress = 100,"
          + " when_outcome = ?, started_at = ?, finished_at = ?"
          + " WHERE id = ? AND state = 'blocked' RETURNING run_id, stage, attempts";

  private static final String ADD_JOBS_TO_RUN = "UPDATE runs SET jobs = jobs + ? WHERE id = ?";

  private static final String OPEN_ITEM =
      "SELECT 1 FROM jobs WHERE group_id = ?"
          + " AND state IN ('blocked', 'pending', 'running', 'retrying') LIMIT 1";

  private static final String GROUP =
      "SELECT state, cancel_requested, run_id, stage, attempts, started_at FROM jobs"
          + " WHERE id = ? AND items IS NOT NULL";

  private static final String ENDINGS =
      "SELECT sum(CASE WHEN state = 'dead' THEN 1 ELSE 0 END),"
          + " sum(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END),"
          + " min(CASE WHEN state = 'dead' THEN item_index END),"
          + " min(CASE WHEN state = 'cancelled' THEN id END)"
          + " FROM jobs WHERE group_id = ?";

  private static final String DEAD_ITEM =
      "SELECT id, last_error FROM jobs WHERE group_id = ? AND item_index = ?";

  private static final String RESULTS =
      "SELECT result FROM jobs WHERE group_id = ? ORDER BY item_index";

  private static final String GATHERED =
      "UPDATE jobs SET state = 'complete', result = ?, progress = 100, finished_at = ?"
          + " WHERE id = ? AND state = 'running'";

  private static final String END =
      "UPDATE jobs SET state = ?, finished_at = ?, last_error = ?, cancelled_by = ?"
          + " WHERE id = ? AND state = 'running'";

  private static final String REOPEN =
      "UPDATE jobs SET state = 'running', finished_at = NULL, last_error = NULL,"
          + " cancelled_by = NULL WHERE id = ? AND state = 'dead' AND items IS NOT NULL"
          + " RETURNING run_id, stage, attempts";

  private static final String CANCEL_GROUP =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?, cancel_requested = 1"
          + " WHERE id = ? AND state = 'running' AND items IS NOT NULL"
          + " RETURNING run_id, stage, attempts";

  private static final String CANCEL_WAITING_ITEMS =
      "UPDATE jobs SET state = 'cancelled', finished_at = ?, cancelled_by = ?"
          + " WHERE group_id = ? AND state IN ('blocked', 'pending', 'retrying')"
          + " RETURNING id, run_id, stage, attempts";

  private static final String CANCEL_RUNNING_ITEMS =
      "UPDATE jobs SET cancel_requested = 1 WHERE group_id = ? AND state = 'running'";

  private static final String GROUP_OF = "SELECT group_id FROM jobs WHERE id = ?";

  private static final String RUNNING_GROUPS =
      "SELECT id FROM jobs WHERE state = 'running' AND lease_owner IS NULL AND items IS NOT NULL";

  private static final String RUNNING_GROUPS_OF_RUN =
      "SELECT id FROM jobs WHERE run_id = ? AND state = 'running' AND items IS NOT NULL";

  private static final String DEAD_ITEMS =
      "SELECT id FROM jobs WHERE group_id = ? AND state = 'dead' ORDER BY item_index";

  private Groups() {}

  /**
   * Makes the items of the fanned-out stage {@code groupId} (blocked, its dependencies met): one
   * job per element of its list, with {@code $item} and {@code $index} filled in, in this
   * transaction. A value that is not a list, or a list longer than {@code max_items}, kills the
   * stage instead; an empty list completes it at once with the result {@code []}.
   *
   * @param perItemWhen the stage's condition when it reads the item (evaluated per item), or null
   * @param outcome what the stage's own condition decided ("ran"), or null when it has none
   */
  static void expand(
      WriteTx tx,
      long groupId,
      Gates.GateJob group,
      Each each,
      Bindings bindings,
      JsonNode perItemWhen,
      String outcome)
      throws SQLException {
    String loop = "for " + each.var() + " in " + Gates.renderOver(each.over());
    JsonNode list;
    try {
      list = Values.resolve(each.over(), bindings);
    } catch (EvaluationException e) {
      Gates.dieAtGate(
          tx, groupId, group, Gates.FAN_OUT_ERROR, loop + ": " + e.getMessage(), outcome);
      return;
    }
    if (!list.isArray()) {
      Gates.dieAtGate(
          tx,
          groupId,
          group,
          Gates.FAN_OUT_ERROR,
          "%s: the value is %s, not a list (%s)"
              .formatted(loop, Values.typeOf(list), Gates.abbreviate(list.toString())),
          outcome);
      return;
    }
    int count = list.size();
    if (count > each.maxItems()) {
      Gates.dieAtGate(
          tx,
          groupId,
          group,
          Gates.FAN_OUT_ERROR,
          "%s: the list has %d elements, more than the stage's max_items %d"
              .formatted(loop, count, each.maxItems()),
          outcome);
      return;
    }
    if (count == 0) {
      PreparedStatement complete = tx.prepare(COMPLETE_EMPTY);
      complete.setString(1, outcome);
      complete.setLong(2, tx.now());
      complete.setLong(3, tx.now());
      complete.setLong(4, groupId);
      try (ResultSet rows = complete.executeQuery()) {
        if (!rows.next()) {
          return;
        }
        Long runId = JobTransitions.nullableLong(rows, 1);
        tx.event(groupId, runId, rows.getString(2), JobState.COMPLETE, rows.getInt(3));
        tx.run(runId).unfinished--;
      }
      JobTransitions.releaseChildren(tx, groupId);
      return;
    }

    PreparedStatement start = tx.prepare(START);
    start.setInt(1, count);
    start.setString(2, outcome);
    start.setLong(3, tx.now());
    start.setLong(4, groupId);
    if (start.executeUpdate() != 1) {
      return;
    }
    tx.event(groupId, group.runId, group.stage, JobState.RUNNING, group.attempts);

    long[] ids = tx.dialect().reserveJobIds(tx, count);
    JsonNode input = JobQueries.parse(group.input);
    JsonNode metadata = JobQueries.parse(group.metadata);
    boolean inputHasLeaves = group.input.contains("\"$");
    boolean metadataHasLeaves = group.metadata.contains("\"$");
    JobInserts.JobRows rows = new JobInserts.JobRows(tx, true, ITEM_COLUMNS);
    List<long[]> dead = new ArrayList<>();
    List<String> deadErrors = new ArrayList<>();
    int open = 0;
    // Rows are sent as they come (a bulk load's chunks), so 1,000,000 items never hold all their
    // rows' text at once; nothing else runs on the connection until the load finishes.
    try {
      for (int index = 0; index < count; index++) {
        JsonNode element = list.get(index);
        Bindings item = bindings.withItem(each, index, element);
        JobState state = JobState.PENDING;
        String itemOutcome = null;
        String skipReason = null;
        String errorClass = null;
        String error = null;
        if (perItemWhen != null) {
          try {
            if (WhenEvaluator.evaluate(perItemWhen, item)) {
              itemOutcome = "ran";
            } else {
              itemOutcome = "skipped";
              state = JobState.SKIPPED;
              skipReason = "its when is false: " + Gates.render(perItemWhen, each);
            }
          } catch (EvaluationException e) {
            itemOutcome = "error";
            state = JobState.DEAD;
            errorClass = Gates.WHEN_ERROR;
            error = Gates.whenError(perItemWhen, each, e);
          }
        }
        String itemInput = group.input;
        String itemMetadata = group.metadata;
        try {
          if (inputHasLeaves) {
            itemInput = Values.substitute(input, item).toString();
          }
          if (metadataHasLeaves) {
            itemMetadata = Values.substitute(metadata, item).toString();
          }
        } catch (EvaluationException e) {
          if (state == JobState.PENDING) {
            state = JobState.DEAD;
            errorClass = ITEM_ERROR;
            error = "item %d of '%s': %s".formatted(index, group.stage, e.getMessage());
          }
        }
        long id = ids[index];
        rows.add(
            id,
            group.runId,
            group.stage,
            group.handler,
            group.queue,
            group.priority,
            state.label(),
            tx.now(),
            0,
            group.maxRetries,
            group.backoffKind,
            group.backoffBaseMs,
            group.backoffMaxMs,
            group.timeoutMs,
            itemInput,
            itemMetadata,
            group.description,
            tx.now(),
            state.isFinal() ? tx.now() : null,
            groupId,
            index,
            element.toString(),
            itemOutcome,
            skipReason,
            error == null ? null : errorClass + ": " + error);
        tx.insertEvent(id, group.runId, group.stage, state, group.queue);
        if (state == JobState.PENDING) {
          open++;
        } else if (state == JobState.DEAD) {
          dead.add(new long[] {id});
          deadErrors.add(errorClass + "\u0000" + error);
        }
      }
      rows.finish();
    } catch (RuntimeException e) {
      rows.cancel();
      throw e;
    }
    if (group.runId != null) {
      PreparedStatement add = tx.prepare(ADD_JOBS_TO_RUN);
      add.setInt(1, count);
      add.setLong(2, group.runId);
      add.executeUpdate();
      WriteTx.RunDelta delta = tx.run(group.runId);
      delta.unfinished += open;
      delta.dead += dead.size();
    }
    for (int k = 0; k < dead.size(); k++) {
      long id = dead.get(k)[0];
      String[] parts = deadErrors.get(k).split("\u0000", 2);
      PreparedStatement history = tx.prepare(INSERT_ERROR);
      history.setLong(1, id);
      history.setString(2, parts[0]);
      history.setString(3, parts[1]);
      history.setLong(4, tx.now());
      history.executeUpdate();
      PreparedStatement letter = tx.prepare(INSERT_DEAD_LETTER);
      letter.setLong(1, id);
      JobTransitions.setNullableLong(letter, 2, group.runId);
      letter.setString(3, parts[0] + ": " + parts[1]);
      letter.setLong(4, tx.now());
      letter.executeUpdate();
    }
    if (open == 0) {
      tx.groups.add(groupId);
    }
  }

  /** Settles the group when none of its items is open; else, where needed, looks after commit. */
  static void check(WriteTx tx, long groupId) throws SQLException {
    if (hasOpenItem(tx, groupId)) {
      if (tx.dialect().concurrentWriters()) {
        tx.groupsAfterCommit.add(groupId);
      }
      return;
    }
    settle(tx, groupId);
  }

  private static boolean hasOpenItem(WriteTx tx, long groupId) throws SQLException {
    PreparedStatement probe = tx.prepare(OPEN_ITEM);
    probe.setLong(1, groupId);
    try (ResultSet rows = probe.executeQuery()) {
      return rows.next();
    }
  }

  /** Whether the running group {@code groupId} has no open item (a read, on any connection). */
  static boolean isSettleable(java.sql.Connection connection, long groupId) throws SQLException {
    try (PreparedStatement group = connection.prepareStatement(GROUP)) {
      group.setLong(1, groupId);
      try (ResultSet rows = group.executeQuery()) {
        if (!rows.next() || !"running".equals(rows.getString(1))) {
          return false;
        }
      }
    }
    try (PreparedStatement probe = connection.prepareStatement(OPEN_ITEM)) {
      probe.setLong(1, groupId);
      try (ResultSet rows = probe.executeQuery()) {
        return !rows.next();
      }
    }
  }

  /** Every item of the running group is final: the group ends, and its dependents learn it. */
  private static void settle(WriteTx tx, long groupId) throws SQLException {
    PreparedStatement read = tx.prepare(GROUP);
    read.setLong(1, groupId);
    boolean cancelRequested;
    Long runId;
    String stage;
    int attempts;
    try (ResultSet rows = read.executeQuery()) {
      if (!rows.next() || !"running".equals(rows.getString(1))) {
        return;
      }
      cancelRequested = rows.getInt(2) == 1;
      runId = JobTransitions.nullableLong(rows, 3);
      stage = rows.getString(4);
      attempts = rows.getInt(5);
    }
    PreparedStatement endings = tx.prepare(ENDINGS);
    endings.setLong(1, groupId);
    long deadCount;
    long cancelledCount;
    Integer firstDead;
    Long firstCancelled;
    try (ResultSet rows = endings.executeQuery()) {
      rows.next();
      deadCount = rows.getLong(1);
      cancelledCount = rows.getLong(2);
      long index = rows.getLong(3);
      firstDead = rows.wasNull() ? null : (int) index;
      firstCancelled = JobTransitions.nullableLong(rows, 4);
    }
    if (deadCount > 0 || cancelledCount > 0 || cancelRequested) {
      boolean dead = deadCount > 0;
      String error = null;
      if (dead) {
        PreparedStatement item = tx.prepare(DEAD_ITEM);
        item.setLong(1, groupId);
        item.setInt(2, firstDead);
        try (ResultSet rows = item.executeQuery()) {
          rows.next();
          error =
              "%s: item %d (job %d) is dead%s: %s"
                  .formatted(
                      ITEM_DEAD,
                      firstDead,
                      rows.getLong(1),
                      deadCount > 1 ? " (and %d more)".formatted(deadCount - 1) : "",
                      rows.getString(2));
        }
      }
      PreparedStatement end = tx.prepare(END);
      end.setString(1, dead ? "dead" : "cancelled");
      end.setLong(2, tx.now());
      end.setString(3, error);
      JobTransitions.setNullableLong(end, 4, dead || cancelRequested ? null : firstCancelled);
      end.setLong(5, groupId);
      if (end.executeUpdate() != 1) {
        return;
      }
      tx.event(groupId, runId, stage, dead ? JobState.DEAD : JobState.CANCELLED, attempts);
      WriteTx.RunDelta delta = tx.run(runId);
      delta.unfinished--;
      if (dead) {
        delta.dead++;
      } else {
        delta.cancelled++;
      }
      JobTransitions.cascade(tx, groupId);
      return;
    }
    PreparedStatement results = tx.prepare(RESULTS);
    // Stream the items' results (PostgreSQL's driver reads a whole result set at once otherwise).
    results.setFetchSize(1_000);
    results.setLong(1, groupId);
    StringBuilder gathered = new StringBuilder("[");
    try (ResultSet rows = results.executeQuery()) {
      boolean first = true;
      while (rows.next()) {
        if (!first) {
          gathered.append(',');
        }
        first = false;
        String result = rows.getString(1);
        gathered.append(result == null ? "null" : result);
      }
    }
    gathered.append(']');
    PreparedStatement complete = tx.prepare(GATHERED);
    complete.setString(1, gathered.toString());
    complete.setLong(2, tx.now());
    complete.setLong(3, groupId);
    if (complete.executeUpdate() != 1) {
      return;
    }
    tx.event(groupId, runId, stage, JobState.COMPLETE, attempts);
    tx.run(runId).unfinished--;
    JobTransitions.releaseChildren(tx, groupId);
  }

  /** The group of {@code jobId} when it is an item: its ending may end the group. */
  static void itemEnded(WriteTx tx, long jobId) throws SQLException {
    PreparedStatement select = tx.prepare(GROUP_OF);
    select.setLong(1, jobId);
    try (ResultSet rows = select.executeQuery()) {
      if (rows.next()) {
        long group = rows.getLong(1);
        if (!rows.wasNull()) {
          tx.groups.add(group);
        }
      }
    }
  }

  /**
   * An item of {@code groupId} was replayed: a group that died of it runs again, and its dependents
   * cancelled with it wait for it again.
   *
   * @return how many of its dependents came back
   */
  static int reopen(WriteTx tx, long groupId) throws SQLException {
    PreparedStatement reopen = tx.prepare(REOPEN);
    reopen.setLong(1, groupId);
    try (ResultSet rows = reopen.executeQuery()) {
      if (!rows.next()) {
        return 0;
      }
      Long runId = JobTransitions.nullableLong(rows, 1);
      tx.event(groupId, runId, rows.getString(2), JobState.RUNNING, rows.getInt(3));
      WriteTx.RunDelta delta = tx.run(runId);
      delta.unfinished++;
      delta.dead--;
    }
    Gates.holdFinalWaiters(tx, groupId);
    return JobTransitions.restoreDependents(tx, groupId);
  }

  /**
   * Cancels a running group: the group at once (its dependents with it), its waiting items at once,
   * its running items by request.
   *
   * @return false when {@code groupId} is not a running group
   */
  static boolean cancel(WriteTx tx, long groupId) throws SQLException {
    PreparedStatement cancel = tx.prepare(CANCEL_GROUP);
    cancel.setLong(1, tx.now());
    cancel.setLong(2, groupId);
    Long runId;
    try (ResultSet rows = cancel.executeQuery()) {
      if (!rows.next()) {
        return false;
      }
      runId = JobTransitions.nullableLong(rows, 1);
      tx.event(groupId, runId, rows.getString(2), JobState.CANCELLED, rows.getInt(3));
      WriteTx.RunDelta delta = tx.run(runId);
      delta.unfinished--;
      delta.cancelled++;
    }
    JobTransitions.cascade(tx, groupId);
    PreparedStatement waiting = tx.prepare(CANCEL_WAITING_ITEMS);
    waiting.setLong(1, tx.now());
    waiting.setLong(2, groupId);
    waiting.setLong(3, groupId);
    try (ResultSet rows = waiting.executeQuery()) {
      while (rows.next()) {
        Long itemRun = JobTransitions.nullableLong(rows, 2);
        tx.event(rows.getLong(1), itemRun, rows.getString(3), JobState.CANCELLED, rows.getInt(4));
        WriteTx.RunDelta delta = tx.run(itemRun);
        delta.unfinished--;
        delta.cancelled++;
      }
    }
    PreparedStatement running = tx.prepare(CANCEL_RUNNING_ITEMS);
    running.setLong(1, groupId);
    tx.cancelRequested |= running.executeUpdate() > 0;
    return true;
  }

  /** The dead items of a group, in item order. */
  static List<Long> deadItems(WriteTx tx, long groupId) throws SQLException {
    List<Long> ids = new ArrayList<>();
    PreparedStatement select = tx.prepare(DEAD_ITEMS);
    select.setLong(1, groupId);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  /** Queues a look at every running group: those whose items all ended settle (a crash's). */
  static void sweep(WriteTx tx) throws SQLException {
    try (ResultSet rows = tx.prepare(RUNNING_GROUPS).executeQuery()) {
      while (rows.next()) {
        tx.groups.add(rows.getLong(1));
      }
    }
  }

  /** Queues a look at the running groups of a run (after its items were cancelled). */
  static void checkRun(WriteTx tx, long runId) throws SQLException {
    PreparedStatement select = tx.prepare(RUNNING_GROUPS_OF_RUN);
    select.setLong(1, runId);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        tx.groups.add(rows.getLong(1));
      }
    }
  }
}
