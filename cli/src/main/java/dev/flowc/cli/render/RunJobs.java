package dev.flowc.cli.render;

import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's jobs as inspection shows them: one per stage, a fanned-out stage with how many of its
 * items are in each state, and, when asked for, the items themselves.
 *
 * @param stages the run's jobs without items, in topological order
 * @param itemStates per fanned-out stage's job id, its items per state
 * @param items per fanned-out stage's job id, its items in item order; empty unless asked for
 */
public record RunJobs(
    List<JobSummary> stages,
    Map<Long, Map<JobState, Long>> itemStates,
    Map<Long, List<JobSummary>> items) {

  /** Copies the collections. */
  public RunJobs {
    stages = List.copyOf(stages);
    itemStates = Map.copyOf(itemStates);
    items = Map.copyOf(items);
  }

  /** A run's stages and item counts, and its items when {@code withItems}. */
  public static RunJobs read(FlowRuntime runtime, long runId, boolean withItems) {
    List<JobSummary> stages = runtime.stages(runId);
    Map<Long, List<JobSummary>> items = new LinkedHashMap<>();
    if (withItems) {
      for (JobSummary stage : stages) {
        if (stage.isFannedOut()) {
          items.put(stage.id(), runtime.items(stage.id()));
        }
      }
    }
    return new RunJobs(stages, runtime.itemStates(runId), items);
  }

  /** Whether any stage of the run fanned out. */
  public boolean hasItems() {
    return stages.stream().anyMatch(JobSummary::isFannedOut);
  }

  /** The items of a fanned-out stage's job per state, or an empty map. */
  public Map<JobState, Long> itemStates(long stageJobId) {
    return itemStates.getOrDefault(stageJobId, Map.of());
  }

  /**
   * A fanned-out stage's items in words, complete first: {@code 7/20 complete, 3 running, 10
   * pending}; empty for any other job.
   */
  public String itemsText(JobSummary stage) {
    if (!stage.isFannedOut()) {
      return "";
    }
    if (stage.items() == 0) {
      return "none (empty list)";
    }
    Map<JobState, Long> counts = itemStates(stage.id());
    long complete = counts.getOrDefault(JobState.COMPLETE, 0L);
    String others =
        counts.entrySet().stream()
            .filter(e -> e.getKey() != JobState.COMPLETE && e.getValue() > 0)
            .map(e -> e.getValue() + " " + e.getKey().label())
            .collect(Collectors.joining(", "));
    return complete + "/" + stage.items() + " complete" + (others.isEmpty() ? "" : ", " + others);
  }
}
