package dev.flowc.cli.render;

import dev.flowc.compiler.PipelineGraph;
import java.util.Locale;

/** Draws a pipeline's DAG in a text format other tools render. */
public interface GraphRenderer {
  String render(PipelineGraph graph);

  /** The formats {@code flowc graph --format} accepts. */
  enum Format {
    DOT,
    MERMAID;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static GraphRenderer of(Format format) {
    return format == Format.DOT ? new DotGraph() : new MermaidGraph();
  }
}
