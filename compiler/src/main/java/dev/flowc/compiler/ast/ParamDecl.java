package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/**
 * {@code name: type = default}.
 *
 * @param type the type as written, or {@code null} when the parser could not read one
 * @param defaultValue the default, or {@code null} when the param has none
 */
public record ParamDecl(Name name, Name type, Value defaultValue, Span span) implements Node {}
