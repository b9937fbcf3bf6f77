package dev.flowc.compiler.check;

import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;

/** FLOW403: a pipeline with no stages runs nothing. */
final class EmptyPipelineCheck implements Check {
  @Override
  public void run(CheckContext context) {
    if (!context.syntaxErrors() && context.index().stages().isEmpty()) {
      context.report(
          DiagnosticCode.FLOW403,
          context.pipeline().name().span(),
          "pipeline '%s' has no stages".formatted(context.pipeline().name().text()),
          Note.help("add one: stage NAME { handler \"...\" }"));
    }
  }
}
