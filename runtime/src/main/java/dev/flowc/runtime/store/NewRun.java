package dev.flowc.runtime.store;

import dev.flowc.dag.Plan;

/**
 * A plan to store as a run.
 *
 * @param plan the plan
 * @param baseDirectory the directory relative paths resolve against, or {@code null}
 */
public record NewRun(Plan plan, String baseDirectory) {}
