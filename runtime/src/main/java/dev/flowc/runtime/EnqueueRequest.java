package dev.flowc.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.QueueSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One job to enqueue on its own, as with a task queue. Build it with {@link #builder(String)}.
 *
 * @param handler the handler's name or class name
 * @param stage a name for the job (its handler by default), used by {@code $result} references of
 *     its dependents
 * @param queue the queue ({@code default} by default)
 * @param priority higher runs first, -1000..1000
 * @param retries attempts after the first, 0..1000 (3 by default)
 * @param backoff the delay before each retry
 * @param timeout the hard limit of one attempt, or {@code null}
 * @param input the handler's input (a JSON value; {@code $result} references to dependencies by
 *     stage name are resolved before the handler runs)
 * @param metadata a JSON object shown by inspection
 * @param dependsOn ids of existing jobs that must complete first
 * @param runId the run to add the job to, or {@code null} for none
 * @param uniqueKey while a job enqueued with this key is not final (blocked, pending, running or
 *     retrying), enqueueing another with it returns that job's id and stores nothing; {@code null}
 *     (the default) for none
 */
public record EnqueueRequest(
    String handler,
    String stage,
    String queue,
    int priority,
    int retries,
    Backoff backoff,
    Duration timeout,
    JsonNode input,
    JsonNode metadata,
    List<Long> dependsOn,
    Long runId,
    String uniqueKey) {

  /**
   * Fills in the defaults and validates the ranges as a plan's job is validated.
   *
   * @throws IllegalArgumentException when a value is out of its range
   */
  public EnqueueRequest {
    Objects.requireNonNull(handler, "handler");
    stage = stage == null ? handler : stage;
    queue = queue == null ? QueueSpec.DEFAULT : queue;
    backoff = backoff == null ? Backoff.DEFAULT : backoff;
    dependsOn = List.copyOf(dependsOn);
    if (uniqueKey != null && uniqueKey.isEmpty()) {
      throw new IllegalArgumentException("a unique key must not be empty");
    }
    // Validates ranges the same way a plan's job does.
    new JobSpec(
        stage,
        handler,
        queue,
        priority,
        retries,
        backoff,
        timeout == null ? null : timeout.toMillis(),
        List.of(),
        input,
        metadata,
        null);
  }

  /** A request without a unique key (the form before unique keys). */
  public EnqueueRequest(
      String handler,
      String stage,
      String queue,
      int priority,
      int retries,
      Backoff backoff,
      Duration timeout,
      JsonNode input,
      JsonNode metadata,
      List<Long> dependsOn,
      Long runId) {
    this(
        handler, stage, queue, priority, retries, backoff, timeout, input, metadata, dependsOn,
        runId, null);
  }

  /** A builder of a job for {@code handler} (a bound name or a handler class's name). */
  public static Builder builder(String handler) {
    return new Builder(handler);
  }

  /** Builds an {@link EnqueueRequest}. */
  public static final class Builder {
    private final String handler;
    private String stage;
    private String queue;
    private int priority;
    private int retries = JobSpec.DEFAULT_RETRIES;
    private Backoff backoff;
    private Duration timeout;
    private JsonNode input;
    private JsonNode metadata;
    private final List<Long> dependsOn = new ArrayList<>();
    private Long runId;
    private String uniqueKey;

    private Builder(String handler) {
      this.handler = handler;
    }

    /**
     * The job's name, for {@code $result} references of its dependents (the handler's name by
     * default).
     */
    public Builder stage(String stage) {
      this.stage = stage;
      return this;
    }

    /** The queue the job waits in ({@code default} by default). */
    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    /** Higher runs first among ready jobs of its queue, -1000..1000 (0 by default). */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Attempts after the first, 0..1000 (3 by default). */
    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    /** The delay before each retry (exponential from 1 s, capped at 5 min, by default). */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /** The hard limit of one attempt; {@code null} (the default) for none. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * The handler's input; {@code {"$result": "stage"}} objects in it are replaced by the result of
     * the dependency of that stage before the handler runs.
     */
    public Builder input(JsonNode input) {
      this.input = input;
      return this;
    }

    /** Free-form tags (a JSON object), stored and shown by inspection. */
    public Builder metadata(JsonNode metadata) {
      this.metadata = metadata;
      return this;
    }

    /** Adds existing jobs that must complete before this one is ready. */
    public Builder dependsOn(long... jobIds) {
      for (long id : jobIds) {
        dependsOn.add(id);
      }
      return this;
    }

    /** The run to add the job to; {@code null} (the default) for none. */
    public Builder runId(Long runId) {
      this.runId = runId;
      return this;
    }

    /**
     * A key that makes the job unique while it is not final: enqueueing a job with the key of a job
     * that is blocked, pending, running or retrying returns that job's id and stores nothing; once
     * that job is final (complete, dead, cancelled, skipped), the key makes a new job. {@code null}
     * (the default) for none.
     */
    public Builder uniqueKey(String uniqueKey) {
      this.uniqueKey = uniqueKey;
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalArgumentException when a value is out of its range
     */
    public EnqueueRequest build() {
      return new EnqueueRequest(
          handler, stage, queue, priority, retries, backoff, timeout, input, metadata, dependsOn,
          runId, uniqueKey);
    }
  }
}
