package dev.flowc.compiler.ast;

/** A directive in a block: {@code name value}, or the special form of {@code backoff}. */
public sealed interface Directive extends Node
    permits ValueDirective, BackoffDirective, WhenDirective {
  Name name();
}
