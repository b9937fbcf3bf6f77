package dev.flowc.compiler.ast;

import java.util.List;
import java.util.Optional;

/** A block of directives: a stage, a queue, {@code defaults} or a schedule. */
public sealed interface DirectiveBlock extends Node
    permits StageDecl, QueueDecl, DefaultsBlock, ScheduleDecl {
  List<Directive> directives();

  /** The first directive called {@code name}, if any. */
  default Optional<Directive> directive(String name) {
    for (Directive directive : directives()) {
      if (directive.name().text().equals(name)) {
        return Optional.of(directive);
      }
    }
    return Optional.empty();
  }
}
