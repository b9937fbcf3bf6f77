package dev.flowc.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job DAG: one pipeline with its parameters substituted, ready to submit.
 *
 * <p>The constructor enforces the rules of the IR ({@link #FORMAT}): queue and stage names are
 * unique, every job's queue is declared, every dependency is an earlier job (so {@code jobs} is in
 * topological order), every result reference in an input, a condition or a fan-out names a
 * dependency, and the version 2 leaves are where they may be. A plan that breaks them throws {@link
 * InvalidPlanException} listing every problem.
 *
 * @param pipeline the pipeline's name
 * @param description the pipeline's description, or {@code null}
 * @param source the file the plan was compiled from, or {@code null} for a plan built in Java
 * @param params the values of the pipeline's parameters, in declaration order
 * @param queues {@code default} first, then the declared queues
 * @param jobs the jobs in topological order
 * @param schedules when runs start by themselves, in declaration order; empty for none ({@code
 *     flowc.ir/2} when not empty)
 */
public record Plan(
    String pipeline,
    String description,
    Source source,
    Map<String, JsonNode> params,
    List<QueueSpec> queues,
    List<JobSpec> jobs,
    List<Schedule> schedules) {

  /** The format id of a plan that uses no version 2 feature (see {@link #format()}). */
  public static final String FORMAT = "flowc.ir/1";

  /** The format id of a plan that uses a version 2 feature (see {@link #format()}). */
  public static final String FORMAT_V2 = "flowc.ir/2";

  /**
   * Validates the plan and copies its collections.
   *
   * @throws InvalidPlanException listing every rule the plan breaks
   */
  @JsonCreator
  public Plan {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(params, "params");
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    params.forEach(
        (name, value) ->
            copy.put(
                name,
                value == null ? JsonNodeFactory.instance.nullNode() : JsonValues.canonical(value)));
    params = Collections.unmodifiableMap(copy);
    queues = List.copyOf(queues);
    jobs = List.copyOf(jobs);
    schedules = schedules == null ? List.of() : List.copyOf(schedules);
    PlanRules.check(pipeline, params, queues, jobs, schedules);
  }

  /** A plan without schedules. */
  public Plan(
      String pipeline,
      String description,
      Source source,
      Map<String, JsonNode> params,
      List<QueueSpec> queues,
      List<JobSpec> jobs) {
    this(pipeline, description, source, params, queues, jobs, List.of());
  }

  /**
   * The format the plan is written in: {@link #FORMAT_V2} when a job uses a version 2 feature
   * ({@link JobSpec#usesVersion2()}), a queue has a rate or the plan has schedules, else {@link
   * #FORMAT}, so that a version 1 plan is written byte for byte as before.
   */
  public String format() {
    if (!schedules.isEmpty()) {
      return FORMAT_V2;
    }
    for (QueueSpec queue : queues) {
      if (queue.rate() != null) {
        return FORMAT_V2;
      }
    }
    for (JobSpec job : jobs) {
      if (job.usesVersion2()) {
        return FORMAT_V2;
      }
    }
    return FORMAT;
  }

  /** The schedule named {@code name}, or {@code null}. */
  public Schedule schedule(String name) {
    for (Schedule schedule : schedules) {
      if (schedule.name().equals(name)) {
        return schedule;
      }
    }
    return null;
  }

  /** This plan without its schedules. */
  public Plan withoutSchedules() {
    return new Plan(pipeline, description, source, params, queues, jobs, List.of());
  }

  /** The job of {@code stage}, or {@code null}. */
  public JobSpec job(String stage) {
    for (JobSpec job : jobs) {
      if (job.stage().equals(stage)) {
        return job;
      }
    }
    return null;
  }
}
