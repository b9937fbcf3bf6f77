package dev.flowc.compiler;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import java.util.List;
import java.util.Map;

/** Shortcuts for tests: check or compile source text. */
public final class Flow {
  private Flow() {}

  public static CheckResult check(String text) {
    return FlowCompiler.check(SourceFile.of("test.flow", text));
  }

  public static CompileResult compile(String text, Map<String, String> params) {
    return FlowCompiler.compile(SourceFile.of("test.flow", text), params);
  }

  /** The diagnostics of checking {@code text}, one line each without notes. */
  public static List<String> lines(String text) {
    return check(text).diagnostics().stream().map(DiagnosticText::line).toList();
  }

  /** The diagnostics of checking {@code text} with their notes, as golden files write them. */
  public static List<String> rendered(String text) {
    return check(text).diagnostics().stream().map(DiagnosticText::render).toList();
  }

  public static List<Diagnostic> diagnostics(String text) {
    return check(text).diagnostics();
  }

  /** The plan of a file that must compile without errors. */
  public static Plan plan(String text, Map<String, String> params) {
    CompileResult result = compile(text, params);
    if (result.plan().isEmpty()) {
      throw new AssertionError(
          "expected a plan, got:\n" + DiagnosticText.render(result.diagnostics()));
    }
    return result.plan().get();
  }

  public static Plan plan(String text) {
    return plan(text, Map.of());
  }

  /** A pipeline {@code p} holding {@code members}. */
  public static String pipeline(String members) {
    return "pipeline p {\n" + members + "\n}\n";
  }
}
