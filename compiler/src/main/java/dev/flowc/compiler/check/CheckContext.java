package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Pipeline;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.Span;

/**
 * What every check sees.
 *
 * @param syntaxErrors whether parsing recovered from errors, so that parts of the tree may be
 *     missing and checks for absent things would mislead
 * @param suggestions where checks get "did you mean" notes for unknown names
 */
record CheckContext(
    PipelineIndex index,
    StageGraph graph,
    DiagnosticSink sink,
    boolean syntaxErrors,
    SuggestionBudget suggestions) {

  /**
   * Whether the file has syntax errors (FLOW001), from parsing or found by an earlier check (an
   * unknown param type): warnings and FLOW304 are then not reported.
   */
  @Override
  public boolean syntaxErrors() {
    return syntaxErrors || sink.count(DiagnosticCode.FLOW001) > 0;
  }

  Pipeline pipeline() {
    return index.pipeline();
  }

  void report(DiagnosticCode code, Span span, String message, Note... notes) {
    sink.report(code, span, message, notes);
  }

  void report(Diagnostic diagnostic) {
    sink.report(diagnostic);
  }
}
