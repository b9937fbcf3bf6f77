/**
 * The {@code .flow} compiler. {@link dev.flowc.compiler.FlowCompiler} is the entry point: it checks
 * a source file, reporting every problem as a {@link dev.flowc.compiler.diagnostic.Diagnostic}, and
 * lowers a correct one to a {@link dev.flowc.dag.Plan}.
 *
 * <p>Inside, a file goes through {@code parse} (tokens and syntax to the AST), {@code check} (one
 * class per check) and {@code lower} (AST and params to the IR).
 */
package dev.flowc.compiler;
