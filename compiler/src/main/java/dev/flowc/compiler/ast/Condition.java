package dev.flowc.compiler.ast;

import dev.flowc.compiler.source.Span;
import java.util.List;

/** The condition of {@code when}: operators over values. Parentheses leave no node. */
public sealed interface Condition extends Node
    permits Condition.Logical, Condition.Not, Condition.Compare, Condition.Len, Condition.Operand {

  /** {@code a || b || c} or {@code a && b && c}: two or more operands. */
  record Logical(String operator, List<Condition> operands, Span span) implements Condition {
    public Logical {
      operands = List.copyOf(operands);
    }
  }

  /** {@code !operand}. */
  record Not(Condition operand, Span span) implements Condition {}

  /**
   * {@code left OP right} with {@code OP} one of {@code == != < <= > >= in}.
   *
   * @param operatorSpan where the operator is written
   */
  record Compare(String operator, Condition left, Condition right, Span operatorSpan, Span span)
      implements Condition {}

  /** {@code len(argument)}. */
  record Len(Condition argument, Span span) implements Condition {}

  /** A value: a literal, a list, a map or a reference. */
  record Operand(Value value) implements Condition {
    @Override
    public Span span() {
      return value.span();
    }
  }
}
