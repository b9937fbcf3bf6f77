package dev.flowc.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.DeadLetter;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.LogLine;
import dev.flowc.runtime.RunView;
import dev.flowc.runtime.Stats;
import dev.flowc.runtime.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of the runtime's views for {@code --format json} (docs/cli.md): snake_case keys, ids as
 * strings, times as ISO-8601 UTC strings, absent values as {@code null}.
 */
public final class RuntimeJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RuntimeJson() {}

  /** A new empty object, for documents that wrap these views. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ObjectNode run(RunView run) {
    ObjectNode node = NODES.objectNode();
    node.put("id", id(run.id()));
    node.put("pipeline", run.pipeline());
    node.put("status", run.status().label());
    node.put("source", run.sourcePath());
    node.put("base_directory", run.baseDirectory());
    node.set("params", orNull(run.params()));
    node.put("jobs", run.jobs());
    node.put("unfinished", run.unfinished());
    node.put("created_at", time(run.createdAt()));
    node.put("finished_at", time(run.finishedAt()));
    node.put("key", run.key());
    node.put("scheduled_at", time(run.scheduledAt()));
    node.set(
        "duration_ms",
        millis(
            run.finishedAt() == null
                ? null
                : Durations.between(run.createdAt(), run.finishedAt(), run.finishedAt())));
    return node;
  }

  /** {@code {"run": {...}, "jobs": [...]}}: {@code flowc status}, and {@code run}'s summary. */
  public static ObjectNode status(RunView run, List<JobSummary> jobs, Instant now) {
    return status(run, new RunJobs(jobs, Map.of(), Map.of()), now);
  }

  /**
   * {@code {"run": {...}, "jobs": [...]}} with one job per stage; a fanned-out stage's has {@code
   * "items": {"count": N, "states": {...}}} and, when they were asked for, {@code "item_jobs":
   * [...]}.
   */
  public static ObjectNode status(RunView run, RunJobs jobs, Instant now) {
    ObjectNode document = NODES.objectNode();
    document.set("run", run(run));
    ArrayNode array = document.putArray("jobs");
    for (JobSummary job : jobs.stages()) {
      ObjectNode node = job(job, now);
      if (job.isFannedOut()) {
        ObjectNode items = node.putObject("items");
        items.put("count", job.items());
        items.set("states", counts(jobs.itemStates(job.id())));
        List<JobSummary> list = jobs.items().get(job.id());
        if (list != null) {
          node.set("item_jobs", jobs(list, now));
        }
      }
      array.add(node);
    }
    return document;
  }

  public static ArrayNode runs(List<RunView> runs) {
    ArrayNode array = NODES.arrayNode();
    runs.forEach(run -> array.add(run(run)));
    return array;
  }

  /** A job as listed in a run; {@code now} measures the duration of a running one. */
  public static ObjectNode job(JobSummary job, Instant now) {
    ObjectNode node = NODES.objectNode();
    node.put("id", id(job.id()));
    node.put("run", job.runId() == null ? null : id(job.runId()));
    node.put("stage", job.stage());
    node.put("handler", job.handler());
    node.put("queue", job.queue());
    node.put("priority", job.priority());
    node.put("state", job.state().label());
    node.put("attempts", job.attempts());
    node.put("max_retries", job.maxRetries());
    node.put("reclaims", job.reclaims());
    node.put("progress", job.progress());
    node.put("created_at", time(job.createdAt()));
    node.put("started_at", time(job.startedAt()));
    node.put("finished_at", time(job.finishedAt()));
    node.put("run_at", time(job.runAt()));
    node.set("duration_ms", millis(duration(job, now)));
    node.put("error", job.lastError());
    node.put("cancelled_by", job.cancelledBy() == null ? null : id(job.cancelledBy()));
    if (job.state() == JobState.SKIPPED) {
      node.put("skip_reason", job.skipReason());
    }
    if (job.isItem()) {
      node.put("stage_job", id(job.groupId()));
      node.put("item_index", job.itemIndex());
    }
    return node;
  }

  public static ArrayNode jobs(List<JobSummary> jobs, Instant now) {
    ArrayNode array = NODES.arrayNode();
    jobs.forEach(job -> array.add(job(job, now)));
    return array;
  }

  /** Everything about one job: its summary's keys and input, result, metadata, links, errors. */
  public static ObjectNode job(JobView job, Instant now) {
    ObjectNode node = job(job.summary(), now);
    node.put("description", job.description());
    node.set("metadata", orNull(job.metadata()));
    node.set("dependencies", ids(job.dependencies()));
    node.set("dependents", ids(job.dependents()));
    node.set("input", orNull(job.input()));
    node.set("result", orNull(job.result()));
    if (job.summary().isItem()) {
      node.set("element", orNull(job.element()));
    }
    if (job.whenOutcome() != null) {
      node.put("when", job.whenOutcome());
    }
    if (job.summary().isFannedOut()) {
      ObjectNode items = node.putObject("items");
      items.put("count", job.summary().items());
      items.set("states", counts(job.itemStates()));
    }
    ArrayNode errors = node.putArray("errors");
    for (JobError error : job.errors()) {
      ObjectNode entry = errors.addObject();
      entry.put("attempt", error.attempt());
      entry.put("error", error.errorClass());
      entry.put("message", error.message());
      entry.put("failed_at", time(error.failedAt()));
      entry.put("worker", error.worker());
      entry.put("stack_trace", error.stackTrace());
    }
    return node;
  }

  /** {@link #job(JobView, Instant)} with {@code "logs"}: what each attempt printed and logged. */
  public static ObjectNode job(JobView job, List<AttemptLog> logs, Instant now) {
    ObjectNode node = job(job, now);
    node.set("logs", logs(logs));
    return node;
  }

  /**
   * {@code [{"attempt", "lines": [{"time", "level", "text"}], "omitted_lines", "omitted_at"}]}:
   * attempts that wrote nothing have no entry; {@code omitted_at} is the index in {@code lines}
   * before which {@code omitted_lines} lines were dropped, or null when none were.
   */
  public static ArrayNode logs(List<AttemptLog> logs) {
    ArrayNode array = NODES.arrayNode();
    for (AttemptLog log : logs) {
      ObjectNode entry = array.addObject();
      entry.put("attempt", log.attempt());
      ArrayNode lines = entry.putArray("lines");
      for (LogLine line : log.lines()) {
        ObjectNode shown = lines.addObject();
        shown.put("time", time(line.time()));
        shown.put("level", line.level().label());
        shown.put("text", line.text());
      }
      entry.put("omitted_lines", log.omittedLines());
      if (log.isCut()) {
        entry.put("omitted_at", log.omittedAt());
      } else {
        entry.putNull("omitted_at");
      }
    }
    return array;
  }

  /** Counts per state (every state, in lifecycle order) and per queue (sorted by name). */
  public static ObjectNode stats(Stats stats) {
    ObjectNode node = NODES.objectNode();
    node.set("states", counts(stats.states()));
    ObjectNode queues = node.putObject("queues");
    new TreeMap<>(stats.queues()).forEach((queue, counts) -> queues.set(queue, counts(counts)));
    return node;
  }

  public static ObjectNode deadLetter(DeadLetter dead) {
    ObjectNode node = NODES.objectNode();
    node.put("id", id(dead.id()));
    node.put("job", id(dead.jobId()));
    node.put("run", dead.runId() == null ? null : id(dead.runId()));
    node.put("stage", dead.stage());
    node.put("handler", dead.handler());
    node.put("queue", dead.queue());
    node.put("error", dead.error());
    node.put("attempts", dead.attempts());
    node.put("failed_at", time(dead.failedAt()));
    return node;
  }

  /**
   * A live worker: {@code {"id", "host", "pid", "queues" (empty: every queue), "threads",
   * "running_jobs" (ids), "started_at", "last_heartbeat", "heartbeat_age_ms"}}.
   */
  public static ObjectNode worker(WorkerInfo worker, Instant now) {
    ObjectNode node = NODES.objectNode();
    node.put("id", worker.id());
    node.put("host", worker.host());
    node.put("pid", worker.pid());
    ArrayNode queues = node.putArray("queues");
    worker.queues().forEach(queues::add);
    node.put("threads", worker.threads());
    node.set("running_jobs", ids(worker.runningJobs()));
    node.put("started_at", time(worker.startedAt()));
    node.put("last_heartbeat", time(worker.lastHeartbeat()));
    node.put(
        "heartbeat_age_ms", Math.max(0, Duration.between(worker.lastHeartbeat(), now).toMillis()));
    return node;
  }

  /** How long the job's latest attempt took, or has taken so far; null before it started. */
  public static Duration duration(JobSummary job, Instant now) {
    Instant end = job.finishedAt();
    if (end == null && job.state() != JobState.RUNNING) {
      return null;
    }
    return Durations.between(job.startedAt(), end, now);
  }

  public static String id(long id) {
    return Long.toString(id);
  }

  /** ISO-8601 in UTC, {@code 2026-11-24T13:03:04.120Z}, or null. */
  public static String time(Instant at) {
    return at == null ? null : at.toString();
  }

  private static ObjectNode counts(Map<JobState, Long> counts) {
    ObjectNode node = NODES.objectNode();
    for (JobState state : JobState.values()) {
      node.put(state.label(), counts.getOrDefault(state, 0L));
    }
    return node;
  }

  private static ArrayNode ids(List<Long> ids) {
    ArrayNode array = NODES.arrayNode();
    ids.forEach(id -> array.add(id(id)));
    return array;
  }

  private static JsonNode millis(Duration duration) {
    return duration == null ? NODES.nullNode() : NODES.numberNode(duration.toMillis());
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null ? NODES.nullNode() : node;
  }
}
