package dev.flowc.dag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The structural rules of a plan that no single record can check on its own. */
final class PlanRules {
  private PlanRules() {}

  static void check(String pipeline, List<QueueSpec> queues, List<JobSpec> jobs) {
    List<String> problems = new ArrayList<>();
    if (pipeline.isEmpty()) {
      problems.add("the pipeline name must not be empty");
    }
    Set<String> queueNames = new HashSet<>();
    for (QueueSpec queue : queues) {
      if (!queueNames.add(queue.name())) {
        problems.add("queue '%s' is declared twice".formatted(queue.name()));
      }
    }
    Set<String> earlier = new HashSet<>();
    for (JobSpec job : jobs) {
      String stage = job.stage();
      if (!queueNames.contains(job.queue())) {
        problems.add(
            "job '%s' uses queue '%s', which is not declared".formatted(stage, job.queue()));
      }
      Set<String> deps = new HashSet<>();
      for (String dep : job.dependsOn()) {
        if (!deps.add(dep)) {
          problems.add("job '%s' lists dependency '%s' twice".formatted(stage, dep));
        } else if (dep.equals(stage)) {
          problems.add("job '%s' depends on itself".formatted(stage));
        } else if (!earlier.contains(dep)) {
          problems.add(
              "job '%s' depends on '%s', which is not an earlier job (jobs are listed in"
                      .formatted(stage, dep)
                  + " topological order)");
        }
      }
      for (String ref : ResultRefs.referencedStages(job.input())) {
        if (!deps.contains(ref)) {
          problems.add(
              "job '%s' uses the result of '%s' but does not depend on it".formatted(stage, ref));
        }
      }
      if (!earlier.add(stage)) {
        problems.add("job '%s' is listed twice".formatted(stage));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(problems);
    }
  }
}
