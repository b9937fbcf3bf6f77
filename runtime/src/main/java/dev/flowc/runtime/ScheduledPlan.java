package dev.flowc.runtime;

import dev.flowc.dag.Plan;
import dev.flowc.dag.Schedule;
import java.util.Objects;

/**
 * One schedule of a pipeline to deploy, with the plan its runs start from: the pipeline compiled
 * with the schedule's params.
 *
 * @param schedule the schedule (name, cron, time zone, policies, params)
 * @param plan the plan compiled for this schedule
 * @param baseDirectory the directory relative paths in inputs resolve against, or {@code null}
 */
public record ScheduledPlan(Schedule schedule, Plan plan, String baseDirectory) {
  public ScheduledPlan {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(plan, "plan");
  }
}
