package dev.flowc.runtime;

/**
 * Thrown when waiting for the result of a job that ended {@code dead} or {@code cancelled}. The
 * message carries the job's last error.
 */
public class JobFailedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final long jobId;
  private final JobState state;
  private final String errorClass;

  /**
   * @param jobId the job waited for
   * @param state {@code dead} or {@code cancelled}
   * @param errorClass the class name of the handler's last exception, or {@code null}
   * @param message the last error's message, or why the job was cancelled
   */
  public JobFailedException(long jobId, JobState state, String errorClass, String message) {
    super(message);
    this.jobId = jobId;
    this.state = state;
    this.errorClass = errorClass;
  }

  /** The job waited for. */
  public long jobId() {
    return jobId;
  }

  /** {@code dead} or {@code cancelled}. */
  public JobState state() {
    return state;
  }

  /** The class name of the handler's last exception, or {@code null} when it was cancelled. */
  public String errorClass() {
    return errorClass;
  }
}
