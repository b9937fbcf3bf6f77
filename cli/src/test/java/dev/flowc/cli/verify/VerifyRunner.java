package dev.flowc.cli.verify;

import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.compiler.source.Span;
import dev.flowc.runtime.handler.HandlerRegistry;
import java.util.List;

/**
 * Runs the verifier on pipeline text with the {@link TestHandlersModule} handlers and the
 * built-ins, and renders diagnostics as the compiler's golden files do: {@code L:C-L:C severity
 * CODE message}, then each note on its own line ({@code help: ...}).
 */
final class VerifyRunner {
  static final HandlerRegistry REGISTRY =
      HandlerRegistry.create(
          VerifyRunner.class.getClassLoader(), List.of(new TestHandlersModule()));

  private VerifyRunner() {}

  /** Every diagnostic of checking and verifying {@code text}. */
  static List<Diagnostic> diagnostics(String text) {
    return new HandlerVerifier(REGISTRY)
        .verify(FlowCompiler.check(SourceFile.of("test.flow", text)));
  }

  /** The diagnostics with {@code code}, rendered. */
  static List<String> rendered(DiagnosticCode code, String text) {
    return diagnostics(text).stream()
        .filter(d -> d.code() == code)
        .map(VerifyRunner::render)
        .toList();
  }

  /** Every diagnostic, rendered. */
  static List<String> rendered(String text) {
    return diagnostics(text).stream().map(VerifyRunner::render).toList();
  }

  /** Every diagnostic's first line, without notes. */
  static List<String> lines(String text) {
    return rendered(text).stream().map(r -> r.lines().findFirst().orElseThrow()).toList();
  }

  /** A pipeline {@code p} holding {@code members}. */
  static String pipeline(String members) {
    return "pipeline p {\n" + members + "\n}\n";
  }

  static String render(Diagnostic diagnostic) {
    StringBuilder text =
        new StringBuilder(
            range(diagnostic.span())
                + " "
                + diagnostic.severity().id()
                + " "
                + diagnostic.code()
                + " "
                + diagnostic.message());
    for (Note note : diagnostic.notes()) {
      text.append("\n  ").append(note);
    }
    return text.toString();
  }

  private static String range(Span span) {
    return span.line() + ":" + span.column() + "-" + span.endLine() + ":" + span.endColumn();
  }
}
