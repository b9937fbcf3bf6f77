package dev.flowc.compiler.parse;

import dev.flowc.compiler.ast.Pipeline;
import dev.flowc.compiler.diagnostic.Suppressions;

/**
 * What parsing produced.
 *
 * @param pipeline the pipeline, or {@code null} when the file does not contain one that could be
 *     read
 * @param syntaxErrors whether there were syntax errors or an unterminated string, so that parts of
 *     the tree may be missing
 * @param suppressions the file's {@code flowc:ignore} comments
 */
public record ParsedFile(Pipeline pipeline, boolean syntaxErrors, Suppressions suppressions) {}
