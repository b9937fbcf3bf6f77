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
   * @param fanOut for a fanned-out stage, its {@code for} as written ({@code for file in
   *     list.result.files}); {@code null} for a stage that runs once
   * @param waitsForFinal the dependencies it reads only the state of in {@code when}: it runs
   *     however they ended, so their edges are drawn differently
   * @param conditional whether the stage has a {@code when}
   */
  public record Stage(
      String name,
      String handler,
      String queue,
      List<String> dependsOn,
      String fanOut,
      List<String> waitsForFinal,
      boolean conditional) {
    public Stage {
      dependsOn = List.copyOf(dependsOn);
      waitsForFinal = List.copyOf(waitsForFinal);
    }

    /** A stage of version 1: runs once, always, after its dependencies complete. */
    public Stage(String name, String handler, String queue, List<String> dependsOn) {
      this(name, handler, queue, dependsOn, null, List.of(), false);
    }
  }
}
