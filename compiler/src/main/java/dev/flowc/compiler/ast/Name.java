package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** A name as written: a stage, queue, param, directive or map key. */
public record Name(String text, Span span) implements Node {}
