package dev.flowc.dag;

import java.util.List;

/** A plan that breaks the rules of the IR: its message lists every problem found. */
public final class InvalidPlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** With every problem found, one sentence each. */
  public InvalidPlanException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** With one problem and the error that revealed it (a plan document that does not parse). */
  public InvalidPlanException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /** The problems, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
