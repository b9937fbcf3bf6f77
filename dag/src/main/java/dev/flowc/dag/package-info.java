/**
 * The job DAG (the IR): what the compiler produces and the runtime executes.
 *
 * <p>A {@link dev.flowc.dag.Plan} is one pipeline with its parameters already substituted: its
 * queues and its jobs in topological order. Plans are immutable values, validated on construction,
 * and read and written as JSON or YAML by {@link dev.flowc.dag.PlanCodec} in the {@code flowc.ir/1}
 * format. A plan can be built in Java without any {@code .flow} file.
 */
package dev.flowc.dag;
