package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/**
 * {@code stage NAME after A, B { ... }}.
 *
 * @param incomplete whether the parser had to recover from a syntax error inside the stage, so that
 *     directives may be missing from the tree
 */
public record StageDecl(
    Name name, List<Name> after, List<Directive> directives, boolean incomplete, Span span)
    implements Member, DirectiveBlock {
  public StageDecl {
    after = List.copyOf(after);
    directives = List.copyOf(directives);
  }
}
