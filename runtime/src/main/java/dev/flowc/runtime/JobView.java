package dev.flowc.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Everything stored about one job.
 *
 * @param summary state and counters
 * @param description the stage's description, or {@code null}
 * @param input the input as submitted (result references unresolved)
 * @param metadata the metadata, a JSON object
 * @param result the stored result, or {@code null} until the job is complete
 * @param dependencies the ids of the jobs it depends on
 * @param dependents the ids of the jobs that depend on it
 * @param errors one entry per failed attempt, oldest first
 * @param element for an item of a fanned-out stage, its element of the stage's list; else {@code
 *     null}
 * @param whenOutcome what the job's {@code when} decided: {@code ran}, {@code skipped} or {@code
 *     error}; {@code null} when it has none or it was not evaluated yet
 * @param itemStates for a fanned-out stage, how many of its items are in each state (every state
 *     present, in the order of {@link JobState}); empty for any other job
 */
public record JobView(
    JobSummary summary,
    String description,
    JsonNode input,
    JsonNode metadata,
    JsonNode result,
    List<Long> dependencies,
    List<Long> dependents,
    List<JobError> errors,
    JsonNode element,
    String whenOutcome,
    java.util.Map<JobState, Long> itemStates) {

  /** Copies the lists and the map. */
  public JobView {
    dependencies = List.copyOf(dependencies);
    dependents = List.copyOf(dependents);
    errors = List.copyOf(errors);
    java.util.Map<JobState, Long> counts = new java.util.EnumMap<>(JobState.class);
    if (itemStates != null) {
      counts.putAll(itemStates);
    }
    itemStates = java.util.Collections.unmodifiableMap(counts);
  }

  /** A job of language version 1: not an item, without a condition. */
  public JobView(
      JobSummary summary,
      String description,
      JsonNode input,
      JsonNode metadata,
      JsonNode result,
      List<Long> dependencies,
      List<Long> dependents,
      List<JobError> errors) {
    this(
        summary,
        description,
        input,
        metadata,
        result,
        dependencies,
        dependents,
        errors,
        null,
        null,
        null);
  }

  /** The job's id. */
  public long id() {
    return summary.id();
  }

  /** The job's state. */
  public JobState state() {
    return summary.state();
  }
}
