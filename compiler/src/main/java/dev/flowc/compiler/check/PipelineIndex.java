package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.DefaultsBlock;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamsBlock;
import dev.flowc.compiler.ast.Pipeline;
import dev.flowc.compiler.ast.QueueDecl;
import dev.flowc.compiler.ast.ScheduleDecl;
import dev.flowc.compiler.ast.StageDecl;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declarations of a pipeline by name. When a name is declared twice, the first declaration
 * counts (the second is reported as a duplicate).
 */
public final class PipelineIndex {
  private final Pipeline pipeline;
  private final Map<String, StageDecl> stages = new LinkedHashMap<>();
  private final Map<String, QueueDecl> queues = new LinkedHashMap<>();
  private final Map<String, ParamDecl> params = new LinkedHashMap<>();
  private final Map<String, ScheduleDecl> schedules = new LinkedHashMap<>();
  private final Map<String, Integer> stageOrder = new HashMap<>();
  private final Optional<DefaultsBlock> defaults;
  private final Optional<Attribute> description;

  PipelineIndex(Pipeline pipeline) {
    this.pipeline = pipeline;
    for (StageDecl stage : pipeline.members(StageDecl.class)) {
      if (stages.putIfAbsent(stage.name().text(), stage) == null) {
        stageOrder.put(stage.name().text(), stageOrder.size());
      }
    }
    for (QueueDecl queue : pipeline.members(QueueDecl.class)) {
      queues.putIfAbsent(queue.name().text(), queue);
    }
    for (ParamsBlock block : pipeline.members(ParamsBlock.class)) {
      for (ParamDecl param : block.params()) {
        params.putIfAbsent(param.name().text(), param);
      }
    }
    for (ScheduleDecl schedule : pipeline.members(ScheduleDecl.class)) {
      schedules.putIfAbsent(schedule.name().text(), schedule);
    }
    defaults = pipeline.members(DefaultsBlock.class).stream().findFirst();
    description = attributes("description").stream().findFirst();
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /** Stages by name, in declaration order. */
  public Map<String, StageDecl> stages() {
    return stages;
  }

  /** Declared queues by name, in declaration order ({@code default} only if declared). */
  public Map<String, QueueDecl> queues() {
    return queues;
  }

  /** Params by name, in declaration order. */
  public Map<String, ParamDecl> params() {
    return params;
  }

  /** Schedules by name, in declaration order. */
  public Map<String, ScheduleDecl> schedules() {
    return schedules;
  }

  /** The position of a stage in declaration order. */
  public int stageOrder(String stage) {
    return stageOrder.get(stage);
  }

  /** The first {@code defaults} block, if any. */
  public Optional<DefaultsBlock> defaults() {
    return defaults;
  }

  /** The pipeline's first {@code description}, if any. */
  public Optional<Attribute> description() {
    return description;
  }

  /** The pipeline-level {@code name value} members called {@code key}. */
  public List<Attribute> attributes(String key) {
    return pipeline.members(Attribute.class).stream()
        .filter(a -> a.key().text().equals(key))
        .toList();
  }

  /** The declared type of a param, if the param exists and its type is valid. */
  public Optional<ParamType> paramType(String name) {
    ParamDecl param = params.get(name);
    return param == null || param.type() == null
        ? Optional.empty()
        : ParamType.parse(param.type().text());
  }
}
