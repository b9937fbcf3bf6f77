package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/**
 * {@code schedule NAME { cron "..." timezone "..." catchup ... overlap ... params { ... } }}.
 *
 * @param incomplete whether the parser had to recover from a syntax error inside the schedule, so
 *     that directives may be missing from the tree
 */
public record ScheduleDecl(Name name, List<Directive> directives, boolean incomplete, Span span)
    implements Member, DirectiveBlock {
  public ScheduleDecl {
    directives = List.copyOf(directives);
  }
}
