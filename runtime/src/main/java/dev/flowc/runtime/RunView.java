package dev.flowc.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A run as stored: one submission of a plan.
 *
 * @param id the run's id
 * @param pipeline the pipeline's name
 * @param status derived from the jobs' states
 * @param params the params the plan was compiled with, a JSON object
 * @param sourcePath the {@code .flow} file the plan came from, or {@code null}
 * @param baseDirectory the directory relative paths resolve against, or {@code null}
 * @param jobs how many jobs the run has
 * @param unfinished how many of them are not final
 * @param createdAt when it was submitted
 * @param finishedAt when its last job became final, or {@code null}
 * @param key the run's idempotency key ({@code schedule:NAME:TICK} for a run a schedule made), or
 *     {@code null}
 * @param scheduledAt the schedule tick that made the run, or {@code null} for a run started by hand
 */
public record RunView(
    long id,
    String pipeline,
    RunStatus status,
    JsonNode params,
    String sourcePath,
    String baseDirectory,
    int jobs,
    int unfinished,
    Instant createdAt,
    Instant finishedAt,
    String key,
    Instant scheduledAt) {

  /** A run without key and tick. */
  public RunView(
      long id,
      String pipeline,
      RunStatus status,
      JsonNode params,
      String sourcePath,
      String baseDirectory,
      int jobs,
      int unfinished,
      Instant createdAt,
      Instant finishedAt) {
    this(
        id,
        pipeline,
        status,
        params,
        sourcePath,
        baseDirectory,
        jobs,
        unfinished,
        createdAt,
        finishedAt,
        null,
        null);
  }
}
