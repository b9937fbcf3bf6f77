package dev.flowc.compiler.check;

/**
 * A checked pipeline: its declarations and its dependency graph. Lowering needs it; so does drawing
 * the graph, which needs no param values.
 */
public record Analysis(PipelineIndex index, StageGraph graph) {}
