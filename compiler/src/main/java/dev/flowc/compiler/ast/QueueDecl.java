package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/** {@code queue NAME { ... }}. */
public record QueueDecl(Name name, List<Directive> directives, Span span)
    implements Member, DirectiveBlock {
  public QueueDecl {
    directives = List.copyOf(directives);
  }
}
