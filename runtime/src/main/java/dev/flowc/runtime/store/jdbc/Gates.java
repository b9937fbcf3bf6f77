package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.dag.Bindings;
import dev.flowc.dag.Each;
import dev.flowc.dag.EvaluationException;
import dev.flowc.dag.FinalState;
import dev.flowc.dag.ResultRefs;
import dev.flowc.dag.Values;
import dev.flowc.dag.WhenEvaluator;
import dev.flowc.dag.WhenTree;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happens to a job of language version 2 when its dependencies are met, before it is ready:
 * its gate. A job with a condition ({@code when}) runs or is skipped, or dies when the condition
 * cannot be evaluated; a fanned-out stage ({@code each}) makes its items, all of them in the
 * transaction that met its dependencies. Both are decided once, by the transaction that released
 * the job, from stored results only. Skips propagate to the dependents that do not read the skipped
 * job's state; a dependent that reads it ({@code on_final}) is released instead, as by a
 * completion.
 *
 * <p>A job without a gate becomes pending in SQL as before (the release statements' {@code CASE}),
 * so a pipeline of version 1 never reaches this class.
 */
final class Gates {
  /** The error class of a condition that could not be evaluated. */
  static final String WHEN_ERROR = "flowc.WhenError";

  /** The error class of a fan-out whose list could not be made into items. */
  static final String FAN_OUT_ERROR = "flowc.FanOutError";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String GATE_JOB =
      "SELECT run_id, stage, state, unmet, when_expr, each_spec, input, metadata, handler, queue,"
          + " priority, max_retries, backoff_kind, backoff_base_ms, backoff_max_ms, timeout_ms,"
          + " description, attempts FROM jobs WHERE id = ?";

  // %s: the dialect's condition for the parents (Dialect.dependenciesOf).
  private static final String PARENTS =
      "SELECT id, stage, state, result FROM jobs WHERE %s ORDER BY id";

  private static final String MAKE_READY =
      "UPDATE jobs SET state = 'pending', run_at = ?, when_outcome = ?"
          + " WHERE id = ? AND state = 'blocked' RETURNING run_id, stage, attempts, priority, queue";

  private static final String SKIP =
      "UPDATE jobs SET state = 'skipped', finished_at = ?, when_outcome = ?, skip_reason = ?"
          + " WHERE id = ? AND state = 'blocked' RETURNING run_id, stage, attempts";

  // Every transitive dependent that does not read the state of the job skipped: skipped too.
  // Dependents are blocked while a dependency is not final, so only blocked ones are looked at.
  private static final String PROPAGATE_SKIP =
      """
      WITH RECURSIVE dependents(id) AS (
        SELECT job_id FROM job_deps WHERE depends_on = ? AND on_final = 0
        UNION
        SELECT d.job_id FROM job_deps d JOIN dependents ON d.depends_on = dependents.id
        WHERE d.on_final = 0
      )
      UPDATE jobs SET state = 'skipped', finished_at = ?, skip_reason = ?
      WHERE id IN (SELECT id FROM dependents) AND state = 'blocked'
      RETURNING id, run_id, stage, attempts""";

  // A dependency that a job reads the state of became final in another way than completing: one
  // unmet dependency less, as a completion would do (JobTransitions' release of children).
  private static final String RELEASE_FINAL_WAITERS =
      """
      UPDATE jobs SET
        unmet = unmet - 1,
        state = CASE WHEN unmet = 1 AND when_expr IS NULL AND each_spec IS NULL
          THEN 'pending' ELSE state END,
        run_at = CASE WHEN unmet = 1 THEN ? ELSE run_at END
      WHERE id IN (SELECT job_id FROM job_deps WHERE depends_on = ? AND on_final = 1)
        AND state = 'blocked'
      RETURNING id, run_id, stage, state, attempts, priority, queue, unmet""";

  // A dependency read for its state is not final any more (replayed): wait for it again.
  private static final String HOLD_FINAL_WAITERS =
      "UPDATE jobs SET unmet = unmet + 1"
          + " WHERE id IN (SELECT job_id FROM job_deps WHERE depends_on = ? AND on_final = 1)"
          + " AND state = 'blocked'";

  private static final String DIE_AT_GATE =
      "UPDATE jobs SET state = 'dead', finished_at = ?, last_error = ?, when_outcome = ?"
          + " WHERE id = ? AND state = 'blocked' RETURNING run_id, stage, attempts";

  private Gates() {}

  /** Runs the gates of the jobs released so far in this transaction, and those they release. */
  static void drainGates(WriteTx tx) throws SQLException {
    Long job;
    while ((job = tx.gates.poll()) != null) {
      gate(tx, job);
    }
  }

  /**
   * Runs the gates of the jobs released so far in this transaction, and settles the fanned-out
   * stages whose items ended, until nothing is left: each may release more.
   */
  static void drain(WriteTx tx) throws SQLException {
    while (!tx.gates.isEmpty() || !tx.groups.isEmpty()) {
      Long job = tx.gates.poll();
      if (job != null) {
        gate(tx, job);
        continue;
      }
      Long group = tx.groups.iterator().next();
      tx.groups.remove(group);
      Groups.check(tx, group);
    }
  }

  /** A job's dependencies are met (state blocked, none unmet): run its gate. */
  private static void gate(WriteTx tx, long jobId) throws SQLException {
    GateJob job = GateJob.read(tx, jobId);
    if (job == null || job.state != JobState.BLOCKED || job.unmet != 0) {
      return;
    }
    Each each = job.eachSpec == null ? null : parseEach(job.eachSpec);
    JsonNode when = job.whenExpr == null ? null : JobQueries.parse(job.whenExpr);
    boolean perItem = each != null && when != null && readsItem(when);
    Bindings bindings = parents(tx, jobId);
    String outcome = null;
    if (when != null && !perItem) {
      boolean runs;
      try {
        runs = WhenEvaluator.evaluate(when, bindings);
      } catch (EvaluationException e) {
        dieAtGate(tx, jobId, job, WHEN_ERROR, whenError(when, each, e), "error");
        return;
      }
      if (!runs) {
        skip(tx, jobId, "its when is false: " + render(when, each), "skipped");
        return;
      }
      outcome = "ran";
    }
    if (each == null) {
      PreparedStatement ready = tx.prepare(MAKE_READY);
      ready.setLong(1, tx.now());
      ready.setString(2, outcome);
      ready.setLong(3, jobId);
      try (ResultSet rows = ready.executeQuery()) {
        if (rows.next()) {
          tx.readyEvent(
              jobId,
              JobTransitions.nullableLong(rows, 1),
              rows.getString(2),
              rows.getInt(3),
              rows.getInt(4),
              rows.getString(5));
        }
      }
      return;
    }
    Groups.expand(tx, jobId, job, each, bindings, perItem ? when : null, outcome);
  }

  /** What a condition that failed says: the evaluator's sentence, which names the expression. */
  static String whenError(JsonNode when, Each each, EvaluationException e) {
    String message = e.getMessage();
    return message != null && message.startsWith("when ")
        ? message
        : "when " + render(when, each) + ": " + message;
  }

  /** An expression tree as the file writes it (with the stage's loop names), for messages. */
  static String render(JsonNode expression, Each each) {
    try {
      return WhenTree.render(expression, each);
    } catch (RuntimeException e) {
      return expression.toString();
    }
  }

  /** Whether a condition reads the item's element or index (then it is evaluated per item). */
  static boolean readsItem(JsonNode when) {
    String text = when.toString();
    return text.contains('"' + Values.ITEM + '"') || text.contains('"' + Values.INDEX + '"');
  }

  /**
   * What the job's dependencies give its gate: the results of those that completed and the final
   * states of all that are final, by stage.
   */
  static Bindings parents(WriteTx tx, long jobId) throws SQLException {
    Map<String, JsonNode> results = new LinkedHashMap<>();
    Map<String, FinalState> states = new LinkedHashMap<>();
    PreparedStatement select = tx.prepare(PARENTS.formatted(tx.dialect().dependenciesOf("?")));
    select.setLong(1, jobId);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String stage = rows.getString(2);
        JobState state = JobState.fromLabel(rows.getString(3));
        FinalState finalState = finalState(state);
        if (finalState != null) {
          states.put(stage, finalState);
        }
        if (state == JobState.COMPLETE) {
          JsonNode result = JobQueries.parse(rows.getString(4));
          results.put(stage, result == null ? NODES.nullNode() : result);
        }
      }
    }
    return new Bindings(results, states, null, null);
  }

  static FinalState finalState(JobState state) {
    return switch (state) {
      case COMPLETE -> FinalState.COMPLETE;
      case DEAD -> FinalState.DEAD;
      case CANCELLED -> FinalState.CANCELLED;
      case SKIPPED -> FinalState.SKIPPED;
      default -> null;
    };
  }

  /** Skips a blocked job for {@code reason}, and the dependents that do not read its state. */
  static void skip(WriteTx tx, long jobId, String reason, String outcome) throws SQLException {
    PreparedStatement skip = tx.prepare(SKIP);
    skip.setLong(1, tx.now());
    skip.setString(2, outcome);
    skip.setString(3, reason);
    skip.setLong(4, jobId);
    String stage;
    try (ResultSet rows = skip.executeQuery()) {
      if (!rows.next()) {
        return;
      }
      Long runId = JobTransitions.nullableLong(rows, 1);
      stage = rows.getString(2);
      tx.event(jobId, runId, stage, JobState.SKIPPED, rows.getInt(3));
      tx.run(runId).unfinished--;
    }
    skipped(tx, jobId, stage);
  }

  /** A job was skipped: its dependents are skipped, or released when they read its state. */
  static void skipped(WriteTx tx, long jobId, String stage) throws SQLException {
    releaseFinalWaiters(tx, jobId);
    PreparedStatement propagate = tx.prepare(PROPAGATE_SKIP);
    propagate.setLong(1, jobId);
    propagate.setLong(2, tx.now());
    propagate.setString(3, "'%s' (job %d) was skipped".formatted(stage, jobId));
    java.util.List<Long> skipped = new java.util.ArrayList<>();
    try (ResultSet rows = propagate.executeQuery()) {
      while (rows.next()) {
        long id = rows.getLong(1);
        Long runId = JobTransitions.nullableLong(rows, 2);
        tx.event(id, runId, rows.getString(3), JobState.SKIPPED, rows.getInt(4));
        tx.run(runId).unfinished--;
        skipped.add(id);
      }
    }
    for (long id : skipped) {
      releaseFinalWaiters(tx, id);
    }
  }

  /**
   * {@code jobId} became final without completing (dead, cancelled, skipped): the jobs that read
   * its state have one unmet dependency less.
   */
  static void releaseFinalWaiters(WriteTx tx, long jobId) throws SQLException {
    PreparedStatement release = tx.prepare(RELEASE_FINAL_WAITERS);
    release.setLong(1, tx.now());
    release.setLong(2, jobId);
    try (ResultSet rows = release.executeQuery()) {
      while (rows.next()) {
        released(tx, rows);
      }
    }
  }

  /**
   * A row returned by a release (id, run_id, stage, state, attempts, priority, queue, unmet): a
   * ready job's event, or its gate queued when it has one.
   */
  static void released(WriteTx tx, ResultSet rows) throws SQLException {
    JobState state = JobState.fromLabel(rows.getString(4));
    if (state == JobState.PENDING) {
      tx.readyEvent(
          rows.getLong(1),
          JobTransitions.nullableLong(rows, 2),
          rows.getString(3),
          rows.getInt(5),
          rows.getInt(6),
          rows.getString(7));
    } else if (rows.getInt(8) == 0) {
      tx.gates.add(rows.getLong(1));
    }
  }

  /** {@code jobId} is not final any more (replayed): the jobs that read its state wait again. */
  static void holdFinalWaiters(WriteTx tx, long jobId) throws SQLException {
    PreparedStatement hold = tx.prepare(HOLD_FINAL_WAITERS);
    hold.setLong(1, jobId);
    hold.executeUpdate();
  }

  /**
   * The gate could not decide (a condition in error, a fan-out that cannot be made): the job dies
   * at once, non-retryable, with the error in its history and a dead letter.
   */
  static void dieAtGate(
      WriteTx tx, long jobId, GateJob job, String errorClass, String message, String outcome)
      throws SQLException {
    String summary = errorClass + ": " + message;
    PreparedStatement die = tx.prepare(DIE_AT_GATE);
    die.setLong(1, tx.now());
    die.setString(2, summary);
    die.setString(3, outcome);
    die.setLong(4, jobId);
    Long runId;
    String stage;
    int attempts;
    try (ResultSet rows = die.executeQuery()) {
      if (!rows.next()) {
        return;
      }
      runId = JobTransitions.nullableLong(rows, 1);
      stage = rows.getString(2);
      attempts = rows.getInt(3);
    }
    JobTransitions.insertError(
        tx,
        jobId,
        new JobError(attempts, errorClass, message, null, Instant.ofEpochMilli(tx.now()), null));
    JobTransitions.died(tx, jobId, runId, stage, attempts, summary);
  }

  static Each parseEach(String json) {
    JsonNode node = JobQueries.parse(json);
    JsonNode indexVar = node.get("index_var");
    return new Each(
        node.get("over"),
        node.get("var").asText(),
        indexVar == null || indexVar.isNull() ? null : indexVar.asText(),
        node.get("max_items").asInt());
  }

  /** A fan-out as stored in {@code each_spec}: the IR's {@code each}. */
  static String eachJson(Each each) {
    ObjectNode node = NODES.objectNode();
    node.set("over", each.over());
    node.put("var", each.var());
    if (each.indexVar() == null) {
      node.putNull("index_var");
    } else {
      node.put("index_var", each.indexVar());
    }
    node.put("max_items", each.maxItems());
    return node.toString();
  }

  /** A fan-out's list as the file writes it: {@code list_files.result.files}, or the literal. */
  static String renderOver(JsonNode over) {
    if (!ResultRefs.isResult(over)) {
      return abbreviate(over.toString());
    }
    StringBuilder text = new StringBuilder(over.get(ResultRefs.RESULT).asText()).append(".result");
    for (JsonNode element : over.path(ResultRefs.PATH)) {
      if (element.isIntegralNumber()) {
        text.append('[').append(element.asText()).append(']');
      } else {
        text.append('.').append(element.asText());
      }
    }
    return text.toString();
  }

  /** JSON text for a message: at most 80 characters. */
  static String abbreviate(String json) {
    return json.length() <= 80 ? json : json.substring(0, 77) + "...";
  }

  /** A blocked job as its gate reads it. */
  static final class GateJob {
    Long runId;
    String stage;
    JobState state;
    int unmet;
    String whenExpr;
    String eachSpec;
    String input;
    String metadata;
    String handler;
    String queue;
    int priority;
    int maxRetries;
    String backoffKind;
    long backoffBaseMs;
    long backoffMaxMs;
    Long timeoutMs;
    String description;
    int attempts;

    static GateJob read(WriteTx tx, long jobId) throws SQLException {
      PreparedStatement select = tx.prepare(GATE_JOB);
      select.setLong(1, jobId);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        GateJob job = new GateJob();
        job.runId = JobTransitions.nullableLong(rows, 1);
        job.stage = rows.getString(2);
        job.state = JobState.fromLabel(rows.getString(3));
        job.unmet = rows.getInt(4);
        job.whenExpr = rows.getString(5);
        job.eachSpec = rows.getString(6);
        job.input = rows.getString(7);
        job.metadata = rows.getString(8);
        job.handler = rows.getString(9);
        job.queue = rows.getString(10);
        job.priority = rows.getInt(11);
        job.maxRetries = rows.getInt(12);
        job.backoffKind = rows.getString(13);
        job.backoffBaseMs = rows.getLong(14);
        job.backoffMaxMs = rows.getLong(15);
        job.timeoutMs = JobTransitions.nullableLong(rows, 16);
        job.description = rows.getString(17);
        job.attempts = rows.getInt(18);
        return job;
      }
    }
  }
}
