package dev.flowc.compiler.diagnostic;

/**
 * The stable codes of every diagnostic flowc reports. Ids never change meaning; docs list each with
 * an example. The hundreds group them: 0 lexing and syntax, 1 duplicates, 2 references, 3 values, 4
 * warnings, 5 handlers. The compiler reports all but the FLOW5xx codes, which need the handlers
 * loaded ({@code flowc check --classpath}) and come from the CLI.
 */
public enum DiagnosticCode {
  FLOW001(Severity.ERROR, "syntax-error", "Syntax error: an unexpected or missing token."),
  FLOW002(
      Severity.ERROR,
      "invalid-token",
      "Invalid token: an unterminated string, a bad escape, a malformed number or duration, or text"
          + " that is not UTF-8."),
  FLOW101(Severity.ERROR, "duplicate-stage", "Two stages have the same name."),
  FLOW102(Severity.ERROR, "duplicate-queue", "Two queues have the same name."),
  FLOW103(Severity.ERROR, "duplicate-param", "Two params have the same name."),
  FLOW104(Severity.ERROR, "duplicate-directive", "A directive is set twice in one block."),
  FLOW105(Severity.ERROR, "duplicate-key", "A map has the same key twice."),
  FLOW106(Severity.ERROR, "duplicate-schedule", "Two schedules have the same name."),
  FLOW201(Severity.ERROR, "unknown-stage", "A reference to a stage that is not declared."),
  FLOW202(Severity.ERROR, "unknown-queue", "A reference to a queue that is not declared."),
  FLOW203(Severity.ERROR, "unknown-param", "A reference to a param that is not declared."),
  FLOW204(Severity.ERROR, "unknown-directive", "A directive that this block does not have."),
  FLOW205(Severity.ERROR, "self-dependency", "A stage depends on itself."),
  FLOW206(Severity.ERROR, "dependency-cycle", "Stages depend on each other in a cycle."),
  FLOW207(
      Severity.ERROR,
      "unknown-name",
      "A bare name in a stage's value that is not the stage's loop variable, 'run.NAME' or"
          + " 'STAGE.state'."),
  FLOW208(
      Severity.ERROR,
      "shadowing-loop-variable",
      "A loop variable shadows a param, a stage or the other loop variable, or is a keyword."),
  FLOW301(Severity.ERROR, "wrong-type", "A value of the wrong type."),
  FLOW302(Severity.ERROR, "out-of-range", "A value out of the allowed range."),
  FLOW303(
      Severity.ERROR,
      "duration-without-unit",
      "A number where a duration is expected: durations need a unit."),
  FLOW304(Severity.ERROR, "missing-directive", "A required directive is missing."),
  FLOW305(Severity.ERROR, "missing-param", "A param without a default was given no value."),
  FLOW306(Severity.ERROR, "bad-param-value", "A param value does not match its declared type."),
  FLOW307(Severity.ERROR, "for-over-non-list", "A 'for' runs over something that is not a list."),
  FLOW308(
      Severity.ERROR,
      "impossible-condition",
      "A 'when' condition that cannot be right: not a boolean, an operator given types it does not"
          + " take, 'len' of a number, or a state name that does not exist."),
  FLOW309(
      Severity.ERROR,
      "misplaced-state-or-run-value",
      "'STAGE.state' outside 'when', or 'run.NAME' with an unknown NAME."),
  FLOW310(
      Severity.ERROR,
      "invalid-cron",
      "A schedule's cron expression does not parse, or never fires; the bad field is marked."),
  FLOW311(Severity.ERROR, "unknown-time-zone", "A schedule's time zone is not a known zone id."),
  FLOW312(
      Severity.ERROR,
      "bad-schedule-params",
      "A schedule's params leave a param without a default unset, or set one that does not exist,"
          + " to a value of the wrong type or to something that is not a constant."),
  FLOW401(Severity.WARNING, "unused-param", "A param is declared but never used."),
  FLOW402(Severity.WARNING, "unused-queue", "A queue is declared but no stage uses it."),
  FLOW403(Severity.WARNING, "no-stages", "The pipeline has no stages."),
  FLOW501(
      Severity.ERROR,
      "unknown-handler",
      "No handler is bound under the stage's handler name, and it is not a loadable handler"
          + " class."),
  FLOW502(
      Severity.ERROR,
      "unknown-input-field",
      "The stage's input has a field that the handler's input type does not."),
  FLOW503(
      Severity.ERROR,
      "missing-input-field",
      "The stage's input lacks a field that the handler's input type requires."),
  FLOW504(
      Severity.ERROR,
      "input-type-mismatch",
      "A value of the stage's input does not convert to the type the handler declares for it.");

  private final Severity severity;
  private final String slug;
  private final String description;

  DiagnosticCode(Severity severity, String slug, String description) {
    this.severity = severity;
    this.slug = slug;
    this.description = description;
  }

  public Severity severity() {
    return severity;
  }

  /** A short kebab-case name of the problem, such as {@code unknown-stage}. */
  public String slug() {
    return slug;
  }

  /** One sentence that says when the code is reported. */
  public String description() {
    return description;
  }
}
