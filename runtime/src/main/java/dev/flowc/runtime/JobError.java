package dev.flowc.runtime;

import java.time.Instant;

/**
 * One failed attempt in a job's error history.
 *
 * @param attempt the attempt's number
 * @param errorClass the exception's class name ({@code flowc.Timeout} for a timeout, {@code
 *     flowc.LeaseExpired} for a worker lost too often)
 * @param message the exception's message
 * @param stackTrace the stack trace as text, or {@code null}
 * @param failedAt when the attempt failed
 * @param worker the id of the worker that ran it
 */
public record JobError(
    int attempt,
    String errorClass,
    String message,
    String stackTrace,
    Instant failedAt,
    String worker) {

  /** {@code Class: message}, as shown in summaries. */
  public String describe() {
    return message == null || message.isEmpty() ? errorClass : errorClass + ": " + message;
  }
}
