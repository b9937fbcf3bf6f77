package dev.flowc.cli;

import dev.flowc.cli.render.FileReport;
import dev.flowc.cli.render.GraphRenderer;
import dev.flowc.cli.render.TextReport;
import dev.flowc.compiler.CheckResult;
import dev.flowc.compiler.FlowCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flowc graph FILE}: the DAG as Graphviz DOT or a Mermaid flowchart. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Draw a pipeline's DAG: one node per stage (name, handler, queue), edges from dependency"
          + " to dependent. Needs no param values.",
      "Diagnostics go to stderr; exit 1 when the pipeline has errors."
    })
final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .flow file to draw.")
  Path file;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "dot",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  GraphRenderer.Format format;

  @ParentCommand FlowcCommand flowc;

  @Override
  public Integer call() {
    CheckResult result = FlowCompiler.check(SourceFiles.read(file));
    if (!result.diagnostics().isEmpty()) {
      new TextReport(flowc.errStyle())
          .writeDiagnostics(
              List.of(new FileReport(result.source(), result.diagnostics())),
              spec.commandLine().getErr());
    }
    if (result.graph().isEmpty()) {
      return ExitCode.FAILED;
    }
    spec.commandLine().getOut().print(GraphRenderer.of(format).render(result.graph().get()));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
