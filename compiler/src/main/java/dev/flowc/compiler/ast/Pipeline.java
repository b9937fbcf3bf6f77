package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/** The pipeline of a file: its name and members in source order. */
public record Pipeline(Name name, List<Member> members, Span span) implements Node {
  public Pipeline {
    members = List.copyOf(members);
  }

  /** The members that are instances of {@code kind}, in source order. */
  public <T> List<T> members(Class<T> kind) {
    return members.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
