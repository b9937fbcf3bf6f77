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
 */
public record JobView(
    JobSummary summary,
    String description,
    JsonNode input,
    JsonNode metadata,
    JsonNode result,
    List<Long> dependencies,
    List<Long> dependents,
    List<JobError> errors) {

  /** Copies the lists. */
  public JobView {
    dependencies = List.copyOf(dependencies);
    dependents = List.copyOf(dependents);
    errors = List.copyOf(errors);
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
