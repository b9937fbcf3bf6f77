package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;

/** Anything in the syntax tree: it knows where it came from. */
public interface Node {
  Span span();
}
