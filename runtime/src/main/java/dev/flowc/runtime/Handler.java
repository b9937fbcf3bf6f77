package dev.flowc.runtime;

/**
 * The code a job runs.
 *
 * <p>{@code I} is the handler's input type: the job's input (with result references replaced by the
 * referenced jobs' results) is converted to it by Jackson, so it can be a record, a class, a {@code
 * Map}, or a {@code JsonNode}. The returned value is stored as the job's result, as JSON, and
 * becomes available to dependent jobs through {@code $result} references; {@code null} and {@code
 * Void} are fine.
 *
 * <p>Throwing fails the attempt: it is recorded in the job's error history and retried with the
 * job's backoff until its retries are used up, unless the exception is a {@link
 * NonRetryableException}, which makes the job {@code dead} at once. A handler is called from
 * several threads at once and must be thread-safe; Guice gives it its dependencies.
 *
 * <p>Bind a handler under a name with {@link dev.flowc.runtime.guice.HandlerBinder}, or name its
 * class in the pipeline ({@code handler com.example.Extract}).
 *
 * @param <I> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Handler<I, R> {

  /**
   * Runs one attempt of a job.
   *
   * @param input the job's input, converted to {@code I}
   * @param context the job's id, attempt, metadata, progress and cancellation
   * @return the result to store, or {@code null}
   * @throws Exception to fail the attempt
   */
  R handle(I input, JobContext context) throws Exception;
}
