package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/**
 * {@code stage NAME [for VAR in LIST] [after A, B] { ... }}.
 *
 * @param incomplete whether the parser had to recover from a syntax error inside the stage, so that
 *     directives may be missing from the tree
 * @param forClause the fan-out, or {@code null} for a stage that runs once
 */
public record StageDecl(
    Name name,
    List<Name> after,
    List<Directive> directives,
    boolean incomplete,
    Span span,
    ForClause forClause)
    implements Member, DirectiveBlock {
  public StageDecl {
    after = List.copyOf(after);
    directives = List.copyOf(directives);
  }

  /** A stage that runs once. */
  public StageDecl(
      Name name, List<Name> after, List<Directive> directives, boolean incomplete, Span span) {
    this(name, after, directives, incomplete, span, null);
  }
}
