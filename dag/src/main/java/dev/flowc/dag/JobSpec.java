package dev.flowc.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One job of a plan: what to run, where, how often, and on what.
 *
 * <p>{@code input} may hold result references ({@code {"$result": STAGE, "path": [...]}}) and
 * formats ({@code {"$format": [...]}}), see {@link ResultRefs}; {@code metadata} is a JSON object
 * of plain values. The JSON nodes are copied on construction; treat the ones returned as read-only.
 *
 * @param stage the job's name, unique in its plan
 * @param handler the name a Guice module binds the handler under, or a class name
 * @param queue the queue the job runs on
 * @param priority higher runs first among ready jobs of the same queue, -1000..1000
 * @param retries attempts after the first, 0..1000
 * @param backoff the delay before each retry
 * @param timeoutMs the hard limit of one attempt in milliseconds, or {@code null} for none
 * @param dependsOn stages that must complete before this one starts
 * @param input what the handler receives
 * @param metadata free-form tags shown by inspection
 * @param description a human description, or {@code null}
 * @param each the stage's fan-out, or {@code null} for a stage that runs once ({@code flowc.ir/2})
 * @param when the condition under which the job runs, a {@link WhenTree}, or {@code null} for
 *     always ({@code flowc.ir/2})
 * @param waitsForFinal dependencies the job waits for in any final state instead of being cancelled
 *     or skipped with them: the stages whose state its {@code when} reads; a subset of {@code
 *     dependsOn} ({@code flowc.ir/2})
 */
public record JobSpec(
    String stage,
    String handler,
    String queue,
    int priority,
    int retries,
    Backoff backoff,
    Long timeoutMs,
    List<String> dependsOn,
    JsonNode input,
    JsonNode metadata,
    String description,
    Each each,
    JsonNode when,
    List<String> waitsForFinal) {

  /** The lowest priority. */
  public static final int MIN_PRIORITY = -1000;

  /** The highest priority. */
  public static final int MAX_PRIORITY = 1000;

  /** The fewest retries: one attempt in all. */
  public static final int MIN_RETRIES = 0;

  /** The most retries. */
  public static final int MAX_RETRIES = 1000;

  /** Retries when a job names none. */
  public static final int DEFAULT_RETRIES = 3;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when one breaks the IR's rules
   */
  @JsonCreator
  public JobSpec {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(backoff, "backoff");
    if (stage.isEmpty()) {
      throw new IllegalArgumentException("a job's stage name must not be empty");
    }
    if (handler.isEmpty()) {
      throw new IllegalArgumentException(
          "job '%s': the handler must not be empty".formatted(stage));
    }
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "job '%s': priority %d is out of range %d..%d"
              .formatted(stage, priority, MIN_PRIORITY, MAX_PRIORITY));
    }
    if (retries < MIN_RETRIES || retries > MAX_RETRIES) {
      throw new IllegalArgumentException(
          "job '%s': retries %d is out of range %d..%d"
              .formatted(stage, retries, MIN_RETRIES, MAX_RETRIES));
    }
    if (timeoutMs != null && timeoutMs <= 0) {
      throw new IllegalArgumentException(
          "job '%s': timeout_ms must be positive, not %d".formatted(stage, timeoutMs));
    }
    dependsOn = List.copyOf(dependsOn);
    input = isEmpty(input) ? EMPTY_OBJECT : JsonValues.canonical(input);
    metadata = isEmpty(metadata) ? EMPTY_OBJECT : JsonValues.canonical(metadata);
    if (!metadata.isObject()) {
      throw new IllegalArgumentException(
          "job '%s': metadata must be a JSON object, not %s"
              .formatted(stage, metadata.getNodeType()));
    }
    if (when != null && when.isNull()) {
      when = null;
    }
    if (when != null) {
      List<String> problems = WhenTree.problems(when);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "job '%s': when: %s".formatted(stage, String.join("; ", problems)));
      }
      when = JsonValues.canonical(when);
    }
    waitsForFinal = waitsForFinal == null ? List.of() : List.copyOf(waitsForFinal);
  }

  /** A job of {@code flowc.ir/1}: no fan-out, no condition. */
  public JobSpec(
      String stage,
      String handler,
      String queue,
      int priority,
      int retries,
      Backoff backoff,
      Long timeoutMs,
      List<String> dependsOn,
      JsonNode input,
      JsonNode metadata,
      String description) {
    this(
        stage,
        handler,
        queue,
        priority,
        retries,
        backoff,
        timeoutMs,
        dependsOn,
        input,
        metadata,
        description,
        null,
        null,
        List.of());
  }

  /** Whether the job uses a feature of {@code flowc.ir/2}: a fan-out, a condition, a run value. */
  public boolean usesVersion2() {
    return each != null
        || when != null
        || !waitsForFinal.isEmpty()
        || Version2Values.present(input)
        || Version2Values.present(metadata);
  }

  /** A builder with the language's defaults: queue {@code default}, 3 retries, no timeout. */
  /** A builder of the job {@code stage} running {@code handler}, with the language's defaults. */
  public static Builder builder(String stage, String handler) {
    return new Builder(stage, handler);
  }

  /**
   * The input or metadata of every job that has none: one shared, unmodifiable empty object (its
   * map refuses every change). Two empty objects per job were about 160 MB of a 1,000,000-job plan.
   */
  private static final JsonNode EMPTY_OBJECT =
      new ObjectNode(JsonNodeFactory.instance, Collections.emptyMap());

  private static boolean isEmpty(JsonNode node) {
    return node == null || node.isNull() || (node.isObject() && node.isEmpty());
  }

  /** Builds a {@link JobSpec} from the language defaults, for plans made in Java. */
  public static final class Builder {
    private final String stage;
    private final String handler;
    private String queue = QueueSpec.DEFAULT;
    private int priority;
    private int retries = DEFAULT_RETRIES;
    private Backoff backoff = Backoff.DEFAULT;
    private Long timeoutMs;
    private final List<String> dependsOn = new ArrayList<>();
    private JsonNode input;
    private JsonNode metadata;
    private String description;
    private Each each;
    private JsonNode when;
    private final List<String> waitsForFinal = new ArrayList<>();

    private Builder(String stage, String handler) {
      this.stage = stage;
      this.handler = handler;
    }

    /** The queue ({@code default} by default). */
    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    /** Higher runs first, -1000..1000 (0 by default). */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Attempts after the first, 0..1000 (3 by default). */
    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    /** The delay before each retry ({@link Backoff#DEFAULT} by default). */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /** The hard limit of one attempt, or {@code null} (the default) for none. */
    public Builder timeoutMs(Long timeoutMs) {
      this.timeoutMs = timeoutMs;
      return this;
    }

    /** Adds stages that must complete first. */
    public Builder dependsOn(String... stages) {
      dependsOn.addAll(List.of(stages));
      return this;
    }

    /** What the handler receives; may hold result references (see {@link ResultRefs}). */
    public Builder input(JsonNode input) {
      this.input = input;
      return this;
    }

    /** Free-form tags, a JSON object of plain values. */
    public Builder metadata(JsonNode metadata) {
      this.metadata = metadata;
      return this;
    }

    /** A human description. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** Runs the stage once per element of a list (none by default). */
    public Builder each(Each each) {
      this.each = each;
      return this;
    }

    /** The condition under which the job runs, a {@link WhenTree} (always, by default). */
    public Builder when(JsonNode when) {
      this.when = when;
      return this;
    }

    /** Adds dependencies to wait for in any final state; they must be in {@code dependsOn} too. */
    public Builder waitsForFinal(String... stages) {
      waitsForFinal.addAll(List.of(stages));
      return this;
    }

    /**
     * The job.
     *
     * @throws IllegalArgumentException when a value breaks the IR's rules
     */
    public JobSpec build() {
      return new JobSpec(
          stage,
          handler,
          queue,
          priority,
          retries,
          backoff,
          timeoutMs,
          dependsOn,
          input,
          metadata,
          description,
          each,
          when,
          waitsForFinal);
    }
  }
}
