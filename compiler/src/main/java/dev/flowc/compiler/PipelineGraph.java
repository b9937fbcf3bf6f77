package dev.flowc.compiler;

import java.util.List;

/**
 * The shape of a checked pipeline, for drawing: no param values are needed.
 *
 * @param description the pipeline's description as written, or {@code null}
 * @param stages in topological order
 */
public record PipelineGraph(String pipeline, String description, List<Stage> stages) {
  public PipelineGraph {
    stages = List.copyOf(stages);
  }

  /**
   * One stage.
   *
   * @param dependsOn the stages it runs after, in declaration order
   */
  public record Stage(String name, String handler, String queue, List<String> dependsOn) {
    public Stage {
      dependsOn = List.copyOf(dependsOn);
    }
  }
}
