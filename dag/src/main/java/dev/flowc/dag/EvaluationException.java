package dev.flowc.dag;

/**
 * A value or a {@code when} condition that cannot be evaluated with what is known: a missing field,
 * a result of a stage that did not complete, an operator given values it does not take, a condition
 * that is not a boolean. The message is one sentence for the user, naming the expression and the
 * values involved.
 *
 * <p>{@link Values} and {@link WhenEvaluator} throw nothing else for any input, whatever the plan
 * and bindings hold. The runtime records it as the job's non-retryable error.
 */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the sentence for the user. */
  public EvaluationException(String message) {
    super(message);
  }
}
