package dev.flowc.cli.run;

import dev.flowc.runtime.JobEvent;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the display knows of a run's jobs, from two sources: events of this process (immediate, in
 * order) and re-reads of the store (which also see other processes' changes). A re-read started
 * before the latest event of a job is older than that event, and is ignored for that job. Used by
 * one thread at a time.
 */
final class JobBoard {
  /** One job as shown. */
  static final class Row {
    final long id;
    final String stage;
    JobState state;
    int attempts;
    int maxRetries = -1;
    int progress;
    Instant startedAt;
    Instant finishedAt;
    Long cancelledBy;
    long lastEventNanos = Long.MIN_VALUE;
    // A fanned-out stage: how many items it made, and how many are in each state (re-read).
    Integer itemCount;
    Map<JobState, Long> items = Map.of();

    Row(long id, String stage) {
      this.id = id;
      this.stage = stage;
    }
  }

  /** A job moved to another state or attempt. */
  record Change(long jobId, String stage, JobState state, int attempts, Instant at) {}

  private final Map<Long, Row> rows = new LinkedHashMap<>();
  // Job id by stage name: an event of another job of a known stage is one of its items.
  private final Map<String, Long> stages = new java.util.HashMap<>();

  /** The rows in job order (the plan's topological order). */
  List<Row> rows() {
    return List.copyOf(rows.values());
  }

  Optional<Row> row(long jobId) {
    return Optional.ofNullable(rows.get(jobId));
  }

  int stageWidth() {
    return rows.values().stream().mapToInt(r -> r.stage.length()).max().orElse(0);
  }

  /**
   * Applies an event received at {@code receivedNanos}; a change of state or attempt, if any. An
   * item of a fanned-out stage has no row (its stage's row counts its items, from re-reads): only
   * its failures are changes, reported under its stage's name.
   */
  Optional<Change> apply(JobEvent event, long receivedNanos) {
    Long stageJob = stages.get(event.stage());
    if (stageJob != null && stageJob != event.jobId() && !rows.containsKey(event.jobId())) {
      if (event.state() == JobState.DEAD || event.state() == JobState.RETRYING) {
        return Optional.of(
            new Change(
                event.jobId(),
                event.stage() + " item",
                event.state(),
                event.attempt(),
                event.at()));
      }
      return Optional.empty();
    }
    stages.putIfAbsent(event.stage(), event.jobId());
    Row row = rows.computeIfAbsent(event.jobId(), id -> new Row(id, event.stage()));
    row.lastEventNanos = receivedNanos;
    if (event.isProgress()) {
      row.progress = event.progress();
      return Optional.empty();
    }
    boolean changed = row.state != event.state() || row.attempts != event.attempt();
    if (!changed) {
      return Optional.empty();
    }
    row.state = event.state();
    row.attempts = event.attempt();
    if (event.state() == JobState.RUNNING) {
      row.startedAt = event.at();
      row.finishedAt = null;
      row.progress = 0;
    } else if (event.state().isFinal()) {
      row.finishedAt = event.at();
      if (event.startedAt() != null) {
        row.startedAt = event.startedAt(); // the handler's start, later than the claim's event
      }
      if (event.state() == JobState.COMPLETE) {
        row.progress = 100;
      }
    } else {
      row.finishedAt = null;
    }
    return Optional.of(new Change(row.id, row.stage, row.state, row.attempts, event.at()));
  }

  /**
   * Applies a re-read of the store that started at {@code readStartNanos}.
   *
   * @return the changes it shows, stamped {@code now}
   */
  List<Change> apply(List<JobSummary> jobs, long readStartNanos, Instant now) {
    return apply(jobs, Map.of(), readStartNanos, now);
  }

  /**
   * As {@link #apply(List, long, Instant)} for a run's stages (no items), with how many items of
   * each fanned-out stage are in each state, by its job id.
   */
  List<Change> apply(
      List<JobSummary> jobs,
      Map<Long, Map<JobState, Long>> itemStates,
      long readStartNanos,
      Instant now) {
    List<Change> changes = new ArrayList<>();
    for (JobSummary job : jobs) {
      if (job.isItem()) {
        continue;
      }
      stages.putIfAbsent(job.stage(), job.id());
      Row row = rows.get(job.id());
      boolean known = row != null;
      if (!known) {
        row = new Row(job.id(), job.stage());
        rows.put(job.id(), row);
      }
      row.maxRetries = job.maxRetries();
      row.cancelledBy = job.cancelledBy();
      row.itemCount = job.items();
      row.items = itemStates.getOrDefault(job.id(), Map.of());
      if (row.lastEventNanos >= readStartNanos) {
        continue;
      }
      boolean changed = known && (row.state != job.state() || row.attempts != job.attempts());
      row.state = job.state();
      row.attempts = job.attempts();
      row.progress = job.progress();
      row.startedAt = job.startedAt();
      row.finishedAt = job.finishedAt();
      if (changed) {
        changes.add(new Change(row.id, row.stage, row.state, row.attempts, now));
      }
    }
    return changes;
  }

  /** How many jobs are in each state. */
  Map<JobState, Integer> counts() {
    Map<JobState, Integer> counts = new java.util.EnumMap<>(JobState.class);
    for (Row row : rows.values()) {
      if (row.state != null) {
        counts.merge(row.state, 1, Integer::sum);
      }
    }
    return counts;
  }
}
