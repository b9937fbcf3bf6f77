package dev.flowc.cli.render;

import dev.flowc.compiler.PipelineGraph;

/**
 * Graphviz DOT: one box per stage labelled with its name, handler and queue; edges from dependency
 * to dependent. A fanned-out stage is one node with a double border and its {@code for} in the
 * label; a conditional stage says {@code when}; an edge that the dependent reads only the state of
 * (it runs however the dependency ended) is dashed and labelled {@code state}. Render with {@code
 * dot -Tsvg}.
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
      String label = stage.name() + "\n" + stage.handler() + "\nqueue: " + stage.queue();
      if (stage.fanOut() != null) {
        label += "\n" + stage.fanOut();
      }
      if (stage.conditional()) {
        label += "\nwhen ...";
      }
      out.append("  ")
          .append(quote(stage.name()))
          .append(" [label=")
          .append(quote(label))
          .append(stage.fanOut() == null ? "" : ", peripheries=2")
          .append("];\n");
    }
    for (PipelineGraph.Stage stage : graph.stages()) {
      for (String dependency : stage.dependsOn()) {
        out.append("  ")
            .append(quote(dependency))
            .append(" -> ")
            .append(quote(stage.name()))
            .append(
                stage.waitsForFinal().contains(dependency)
                    ? " [style=dashed, label=\"state\"];\n"
                    : ";\n");
      }
    }
    return out.append("}\n").toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
