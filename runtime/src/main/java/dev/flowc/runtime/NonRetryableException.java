package dev.flowc.runtime;

/**
 * Thrown by a handler to fail a job for good: no retry is attempted, the job becomes {@code dead}
 * and its dependents are cancelled. Use it for errors that another attempt cannot fix, such as
 * invalid input.
 */
public class NonRetryableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the {@code message} recorded in the job's error history. */
  public NonRetryableException(String message) {
    super(message);
  }

  /** With the {@code message} recorded in the job's error history, and its cause. */
  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
