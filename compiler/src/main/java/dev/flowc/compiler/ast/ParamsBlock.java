package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/** {@code params { ... }}. */
public record ParamsBlock(Span keyword, List<ParamDecl> params, Span span) implements Member {
  public ParamsBlock {
    params = List.copyOf(params);
  }
}
