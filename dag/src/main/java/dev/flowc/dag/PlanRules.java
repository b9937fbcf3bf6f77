package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The structural rules of a plan that no single record can check on its own. */
final class PlanRules {
  private PlanRules() {}

  static void check(
      String pipeline,
      Map<String, JsonNode> params,
      List<QueueSpec> queues,
      List<JobSpec> jobs,
      List<Schedule> schedules) {
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
      checkVersion2(job, deps, problems);
      if (!earlier.add(stage)) {
        problems.add("job '%s' is listed twice".formatted(stage));
      }
    }
    Set<String> scheduleNames = new HashSet<>();
    for (Schedule schedule : schedules) {
      if (!scheduleNames.add(schedule.name())) {
        problems.add("schedule '%s' is declared twice".formatted(schedule.name()));
      }
      for (String param : schedule.params().keySet()) {
        if (!params.containsKey(param)) {
          problems.add(
              "schedule '%s' sets param '%s', which the plan does not have"
                  .formatted(schedule.name(), param));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(problems);
    }
  }

  private static void checkVersion2(JobSpec job, Set<String> deps, List<String> problems) {
    String stage = job.stage();
    if (job.each() != null) {
      String source = job.each().sourceStage();
      if (source != null && !deps.contains(source)) {
        problems.add(
            "job '%s' fans out over the result of '%s' but does not depend on it"
                .formatted(stage, source));
      }
    }
    if (job.when() != null) {
      for (String ref : ResultRefs.referencedStages(job.when())) {
        if (!deps.contains(ref)) {
          problems.add(
              "job '%s': its when reads the result of '%s' but it does not depend on it"
                  .formatted(stage, ref));
        }
      }
      for (String read : WhenTree.statesRead(job.when())) {
        if (!job.waitsForFinal().contains(read)) {
          problems.add(
              "job '%s': its when reads the state of '%s', which is not in waits_for_final"
                  .formatted(stage, read));
        }
      }
    }
    Set<String> waits = new HashSet<>();
    for (String wait : job.waitsForFinal()) {
      if (!waits.add(wait)) {
        problems.add("job '%s' lists '%s' in waits_for_final twice".formatted(stage, wait));
      } else if (!deps.contains(wait)) {
        problems.add(
            "job '%s' waits for '%s' to be final but does not depend on it".formatted(stage, wait));
      }
    }
    Map<String, Integer> outsideWhen = new HashMap<>();
    Version2Values.collect(job.input(), outsideWhen);
    Version2Values.collect(job.metadata(), outsideWhen);
    if (outsideWhen.containsKey(Values.STATE)) {
      problems.add("job '%s' reads a stage's $state outside its when".formatted(stage));
    }
    Map<String, Integer> anywhere = new HashMap<>(outsideWhen);
    if (job.when() != null) {
      Version2Values.collect(job.when(), anywhere);
    }
    if (job.each() == null
        && (anywhere.containsKey(Values.ITEM) || anywhere.containsKey(Values.INDEX))) {
      problems.add(
          "job '%s' reads $item or $index but does not fan out (no each)".formatted(stage));
    }
    for (JsonNode value : valuesOf(job)) {
      checkRunNames(stage, value, problems);
    }
  }

  private static List<JsonNode> valuesOf(JobSpec job) {
    List<JsonNode> values = new ArrayList<>(List.of(job.input(), job.metadata()));
    if (job.when() != null) {
      values.add(job.when());
    }
    return values;
  }

  private static void checkRunNames(String stage, JsonNode value, List<String> problems) {
    if (value.isObject()) {
      JsonNode run = value.get(Values.RUN);
      if (run != null && !RunValues.NAMES.contains(run.asText())) {
        problems.add(
            "job '%s' reads run value '%s'; the run values are %s"
                .formatted(stage, run.asText(), RunValues.NAMES));
      }
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        checkRunNames(stage, field.getValue(), problems);
      }
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        checkRunNames(stage, element, problems);
      }
    }
  }
}
