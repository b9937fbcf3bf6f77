package dev.flowc.dag;

/**
 * A cron expression that does not parse: where in the expression the bad part is, and what that
 * part accepts.
 */
public final class CronSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String expression;
  private final int offset;
  private final int length;
  private final String reason;

  /**
   * With the bad part of {@code expression}.
   *
   * @param expression the whole expression as written
   * @param offset where the bad part starts, from 0, in {@code expression}
   * @param length how many characters the bad part spans (0 for something missing at {@code
   *     offset})
   * @param reason what is wrong and what that part accepts, one sentence without the expression
   */
  public CronSyntaxException(String expression, int offset, int length, String reason) {
    super("invalid cron expression '%s': %s".formatted(expression, reason));
    this.expression = expression;
    this.offset = offset;
    this.length = length;
    this.reason = reason;
  }

  /** The whole expression as written. */
  public String expression() {
    return expression;
  }

  /** Where the bad part starts, from 0, in {@link #expression()}. */
  public int offset() {
    return offset;
  }

  /** How many characters the bad part spans; 0 when something is missing at {@link #offset()}. */
  public int length() {
    return length;
  }

  /** What is wrong and what that part accepts, without the expression. */
  public String reason() {
    return reason;
  }
}
