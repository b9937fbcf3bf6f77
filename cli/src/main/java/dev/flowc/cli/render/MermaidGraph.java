package dev.flowc.cli.render;

import dev.flowc.compiler.PipelineGraph;
import java.util.HashMap;
import java.util.Map;

/**
 * A Mermaid flowchart, for Markdown that GitHub and GitLab render. Node ids are generated ({@code
 * s1}, {@code s2}, ...) because stage names such as {@code end} are Mermaid keywords; labels show
 * the name, handler and queue. A fanned-out stage is one node drawn as a subroutine ({@code
 * [[...]]}) with its {@code for} in the label; a conditional stage says {@code when}; an edge that
 * the dependent reads only the state of is dotted and labelled {@code state}.
 */
final class MermaidGraph implements GraphRenderer {
  @Override
  public String render(PipelineGraph graph) {
    StringBuilder out = new StringBuilder();
    String title =
        graph.description() == null
            ? graph.pipeline()
            : graph.pipeline() + ": " + graph.description();
    out.append("---\ntitle: \"")
        .append(title.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " "))
        .append("\"\n---\n");
    out.append("flowchart LR\n");
    Map<String, String> ids = new HashMap<>();
    for (PipelineGraph.Stage stage : graph.stages()) {
      String id = "s" + (ids.size() + 1);
      ids.put(stage.name(), id);
      boolean fanOut = stage.fanOut() != null;
      out.append("  ")
          .append(id)
          .append(fanOut ? "[[\"" : "[\"")
          .append(label(stage.name()))
          .append("<br/>")
          .append(label(stage.handler()))
          .append("<br/>queue: ")
          .append(label(stage.queue()));
      if (fanOut) {
        out.append("<br/>").append(label(stage.fanOut()));
      }
      if (stage.conditional()) {
        out.append("<br/>when ...");
      }
      out.append(fanOut ? "\"]]\n" : "\"]\n");
    }
    for (PipelineGraph.Stage stage : graph.stages()) {
      for (String dependency : stage.dependsOn()) {
        out.append("  ")
            .append(ids.get(dependency))
            .append(stage.waitsForFinal().contains(dependency) ? " -. state .-> " : " --> ")
            .append(ids.get(stage.name()))
            .append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Text inside a quoted label: entity codes for what Mermaid or HTML would read ({@code #} first,
   * since it starts an entity code itself), and a line break for a newline, which would end the
   * node's line.
   */
  private static String label(String text) {
    return text.replace("#", "#35;")
        .replace("&", "#38;")
        .replace("\"", "#34;")
        .replace("<", "#60;")
        .replace(">", "#62;")
        .replace("\r\n", "<br/>")
        .replace("\n", "<br/>")
        .replace("\r", "<br/>");
  }
}
