package dev.flowc.cli.render;

import dev.flowc.compiler.PipelineGraph;

/**
 * Graphviz DOT: one box per stage labelled with its name, handler and queue; edges from dependency
 * to dependent. Render with {@code dot -Tsvg}.
 */
final class DotGraph implements GraphRenderer {
  @Override
  public String render(PipelineGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote(graph.pipeline())).append(" {\n");
    String title =
        graph.description() == null
            ? graph.pipeline()
            : graph.pipeline() + "\n" + graph.description();
    out.append("  label=").append(quote(title)).append(";\n");
    out.append("  labelloc=t;\n");
    out.append("  rankdir=LR;\n");
    out.append("  node [shape=box, style=rounded];\n");
    for (PipelineGraph.Stage stage : graph.stages()) {
      out.append("  ")
          .append(quote(stage.name()))
          .append(" [label=")
          .append(quote(stage.name() + "\n" + stage.handler() + "\nqueue: " + stage.queue()))
          .append("];\n");
    }
    for (PipelineGraph.Stage stage : graph.stages()) {
      for (String dependency : stage.dependsOn()) {
        out.append("  ")
            .append(quote(dependency))
            .append(" -> ")
            .append(quote(stage.name()))
            .append(";\n");
      }
    }
    return out.append("}\n").toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
