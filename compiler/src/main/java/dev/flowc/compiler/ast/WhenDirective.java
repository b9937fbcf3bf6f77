package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** {@code when CONDITION}: the stage runs only if the condition is true when it becomes ready. */
public record WhenDirective(Name name, Condition condition, Span span) implements Directive {}
