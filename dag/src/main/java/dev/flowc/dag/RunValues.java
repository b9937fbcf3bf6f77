package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * The values of one run that a plan reads as {@code run.NAME} ({@code {"$run": NAME}} in the IR).
 *
 * @param id the run's id
 * @param pipeline the pipeline's name
 * @param submittedAt when the run was submitted
 * @param scheduledAt the schedule tick that made the run, or {@code null} for a run started by hand
 * @param key the run's idempotency key, or {@code null}
 */
public record RunValues(
    long id, String pipeline, Instant submittedAt, Instant scheduledAt, String key) {

  /** The names a plan may read, in the order the language documents them. */
  public static final List<String> NAMES =
      List.of("id", "pipeline", "submitted_at", "scheduled_at", "key");

  /** Requires the pipeline and the submission time. */
  public RunValues {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(submittedAt, "submittedAt");
  }

  /**
   * The value of {@code run.NAME}: {@code id} a number, times RFC 3339 UTC strings ({@code
   * 2026-12-07T02:00:00Z}), absent ones JSON {@code null}.
   *
   * @throws IllegalArgumentException when {@code name} is not one of {@link #NAMES}
   */
  public JsonNode value(String name) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (name) {
      case "id" -> nodes.numberNode(id);
      case "pipeline" -> nodes.textNode(pipeline);
      case "submitted_at" -> nodes.textNode(DateTimeFormatter.ISO_INSTANT.format(submittedAt));
      case "scheduled_at" ->
          scheduledAt == null
              ? nodes.nullNode()
              : nodes.textNode(DateTimeFormatter.ISO_INSTANT.format(scheduledAt));
      case "key" -> key == null ? nodes.nullNode() : nodes.textNode(key);
      default -> throw new IllegalArgumentException("no run value is named '" + name + "'");
    };
  }
}
