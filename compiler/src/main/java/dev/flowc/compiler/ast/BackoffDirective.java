package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/**
 * {@code backoff BASE [max MAX]} or {@code backoff fixed DELAY}.
 *
 * @param max the cap, or {@code null} when none is written (always {@code null} when fixed)
 */
public record BackoffDirective(Name name, boolean fixed, Value base, Value max, Span span)
    implements Directive {}
