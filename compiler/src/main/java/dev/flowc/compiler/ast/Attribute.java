package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** A {@code name value} member of the pipeline: {@code description}, or a mistake. */
public record Attribute(Name key, Value value, Span span) implements Member {}
