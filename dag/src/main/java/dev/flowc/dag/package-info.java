/**
 * The job DAG (the IR): what the compiler produces and the runtime executes.
 *
 * <p>A {@link dev.flowc.dag.Plan} is one pipeline with its parameters already substituted: its
 * queues and its jobs in topological order. Plans are immutable values, validated on construction,
 * and read and written as JSON or YAML by {@link dev.flowc.dag.PlanCodec} in the {@code flowc.ir/1}
 * format, or {@code flowc.ir/2} when a job fans out ({@link dev.flowc.dag.Each}), has a condition
 * ({@link dev.flowc.dag.WhenTree}) or reads run values, a queue has a {@link dev.flowc.dag.Rate},
 * or the plan has {@link dev.flowc.dag.Schedule}s (their cron expressions: {@link
 * dev.flowc.dag.Cron}). A plan can be built in Java without any {@code .flow} file.
 *
 * <p>What the IR leaves to run time is resolved here, so that the runtime evaluates what the
 * compiler checked without depending on it: {@link dev.flowc.dag.Values} resolves the leaves of a
 * value ({@code $result}, {@code $item}, {@code $index}, {@code $state}, {@code $run}) from {@link
 * dev.flowc.dag.Bindings}, and {@link dev.flowc.dag.WhenEvaluator} evaluates a condition; both
 * throw only {@link dev.flowc.dag.EvaluationException}.
 */
package dev.flowc.dag;
