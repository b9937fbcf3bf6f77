package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/** {@code STAGE.result}, optionally selecting inside it: {@code STAGE.result.rows[0].id}. */
public record ResultRef(Name stage, List<PathElement> path, Span span) implements Reference {
  public ResultRef {
    path = List.copyOf(path);
  }

  /** A step into a result. */
  public sealed interface PathElement permits Field, Index {}

  /** {@code .name}. */
  public record Field(String name, Span span) implements PathElement {}

  /** {@code [index]}. */
  public record Index(int index, Span span) implements PathElement {}

  @Override
  public String kind() {
    return "a stage result";
  }
}
