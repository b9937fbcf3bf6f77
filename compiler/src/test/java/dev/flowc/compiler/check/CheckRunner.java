package dev.flowc.compiler.check;

import dev.flowc.compiler.DiagnosticText;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.parse.FlowSourceParser;
import dev.flowc.compiler.parse.ParsedFile;
import java.util.List;

/** Runs one check alone on source text, so that a check's test sees only what that check says. */
final class CheckRunner {
  private CheckRunner() {}

  /** The diagnostics {@code check} alone reports for {@code text}. */
  static List<Diagnostic> run(Check check, String text) {
    DiagnosticSink parsing = new DiagnosticSink();
    ParsedFile parsed = FlowSourceParser.parse(text, parsing);
    if (parsed.pipeline() == null) {
      throw new AssertionError("no pipeline in:\n" + text);
    }
    PipelineIndex index = new PipelineIndex(parsed.pipeline());
    DiagnosticSink sink = new DiagnosticSink();
    check.run(
        new CheckContext(
            index, new StageGraph(index), sink, parsed.syntaxErrors(), new SuggestionBudget()));
    return sink.sorted();
  }

  /** Like {@link #run}, one line per diagnostic without its notes. */
  static List<String> lines(Check check, String text) {
    return run(check, text).stream().map(DiagnosticText::line).toList();
  }

  /** Like {@link #run}, each diagnostic with its notes as golden files write them. */
  static List<String> rendered(Check check, String text) {
    return run(check, text).stream().map(DiagnosticText::render).toList();
  }

  /** The index and graph of a file that parses without errors. */
  static StageGraph graph(String text) {
    DiagnosticSink sink = new DiagnosticSink();
    ParsedFile parsed = FlowSourceParser.parse(text, sink);
    if (sink.hasErrors()) {
      throw new AssertionError("syntax errors: " + DiagnosticText.render(sink.sorted()));
    }
    return new StageGraph(new PipelineIndex(parsed.pipeline()));
  }
}
