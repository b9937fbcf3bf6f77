package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** {@code name value}. */
public record ValueDirective(Name name, Value value, Span span) implements Directive {}
