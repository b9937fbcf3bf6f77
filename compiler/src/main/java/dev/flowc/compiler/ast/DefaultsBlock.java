package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/** {@code defaults { ... }}: directives every stage inherits unless it sets them itself. */
public record DefaultsBlock(Span keyword, List<Directive> directives, Span span)
    implements Member, DirectiveBlock {
  public DefaultsBlock {
    directives = List.copyOf(directives);
  }
}
