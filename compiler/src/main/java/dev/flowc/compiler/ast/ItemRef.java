package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/**
 * The loop variable of the stage's {@code for}, optionally selecting inside the element: {@code
 * file}, {@code file.path}, {@code file[0]}.
 */
public record ItemRef(Name var, List<ResultRef.PathElement> path, Span span) implements Reference {
  public ItemRef {
    path = List.copyOf(path);
  }

  @Override
  public String kind() {
    return "the loop variable";
  }
}
