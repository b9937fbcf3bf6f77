package dev.flowc.compiler.parse;

/**
 * The names a value of a stage can use besides {@code params.NAME} and {@code STAGE.result}: the
 * stage's loop variables, {@code run.NAME} and {@code STAGE.state}. Values outside a stage's data
 * ({@code handler}, {@code queue}, params' defaults, pipeline members) have no scope: their bare
 * names stay names.
 *
 * @param var the loop variable, or {@code null} when the stage has no {@code for}
 * @param indexVar the index variable, or {@code null}
 */
record Scope(String var, String indexVar) {
  /** A stage's data without loop variables. */
  static final Scope STAGE = new Scope(null, null);

  boolean isVar(String name) {
    return name.equals(var);
  }

  boolean isIndexVar(String name) {
    return name.equals(indexVar);
  }
}
