package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Pipeline;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import java.util.List;

/** Runs every check on a parsed pipeline. */
public final class Checker {
  private static final List<Check> CHECKS =
      List.of(
          new DuplicateDeclarationCheck(),
          new DuplicateDirectiveCheck(),
          new DuplicateKeyCheck(),
          new UnknownDirectiveCheck(),
          new ParamDeclarationCheck(),
          new ReferenceCheck(),
          new CycleCheck(),
          new DirectiveValueCheck(),
          new RateCheck(),
          new ScheduleCheck(),
          new LoopVariableCheck(),
          new StageValueCheck(),
          new ForCheck(),
          new WhenCheck(),
          new RequiredDirectiveCheck(),
          new UnusedDeclarationCheck(),
          new EmptyPipelineCheck());

  private Checker() {}

  /**
   * Checks {@code pipeline}, reporting every problem to {@code sink}.
   *
   * @param syntaxErrors whether the parser recovered from syntax errors
   */
  public static Analysis check(Pipeline pipeline, boolean syntaxErrors, DiagnosticSink sink) {
    PipelineIndex index = new PipelineIndex(pipeline);
    StageGraph graph = new StageGraph(index);
    CheckContext context =
        new CheckContext(index, graph, sink, syntaxErrors, new SuggestionBudget());
    for (Check check : CHECKS) {
      check.run(context);
    }
    return new Analysis(index, graph);
  }
}
