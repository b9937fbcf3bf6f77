package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.BoolValue;
import dev.flowc.compiler.ast.Condition;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.FloatValue;
import dev.flowc.compiler.ast.IndexRef;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.NullValue;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.RunRef;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StateRef;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.WhenDirective;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.dag.FinalState;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * FLOW308: a {@code when} condition that cannot be right, as far as the literals and the params'
 * declared types tell: a result that is not a boolean, an operator given types it does not take,
 * {@code len} of a number, a state name that does not exist. Results, loop variables and {@code
 * any} params are known only at run time, where the evaluator checks the same rules.
 */
final class WhenCheck implements Check {
  private static final List<String> STATES =
      Arrays.stream(FinalState.values()).map(FinalState::text).toList();

  /** What the checker knows of a value's type; {@code ANY} when only the run will tell. */
  enum Type {
    BOOL("a boolean"),
    NUMBER("a number"),
    STRING("a string"),
    LIST("a list"),
    MAP("a map"),
    NULL("null"),
    ANY("a value");

    private final String noun;

    Type(String noun) {
      this.noun = noun;
    }
  }

  @Override
  public void run(CheckContext context) {
    for (StageDecl stage : context.pipeline().members(StageDecl.class)) {
      for (Directive directive : stage.directives()) {
        if (directive instanceof WhenDirective when) {
          new Typing(context).condition(when.condition(), "'when'");
        }
      }
    }
  }

  /** Types one condition, reporting what cannot be right. */
  private record Typing(CheckContext context) {
    /** The type of {@code condition}, which {@code taker} needs to be a boolean. */
    void condition(Condition condition, String taker) {
      Type type = type(condition);
      if (type != Type.BOOL && type != Type.ANY) {
        report(
            condition,
            type,
            "%s takes a condition (true or false), not %s".formatted(taker, type.noun),
            Note.help("compare it, such as 'len(x) > 0' or 'x == \"done\"'"));
      }
    }

    Type type(Condition condition) {
      if (condition instanceof Condition.Logical logical) {
        for (Condition operand : logical.operands()) {
          condition(operand, "'" + logical.operator() + "'");
        }
        return Type.BOOL;
      }
      if (condition instanceof Condition.Not not) {
        condition(not.operand(), "'!'");
        return Type.BOOL;
      }
      if (condition instanceof Condition.Len len) {
        Type type = type(len.argument());
        if (type != Type.ANY && type != Type.STRING && type != Type.LIST && type != Type.MAP) {
          report(
              len.argument(),
              type,
              "'len' counts a string, a list or a map, not %s".formatted(type.noun));
        }
        return Type.NUMBER;
      }
      if (condition instanceof Condition.Compare compare) {
        compare(compare);
        return Type.BOOL;
      }
      return type(((Condition.Operand) condition).value());
    }

    private void compare(Condition.Compare compare) {
      String op = compare.operator();
      Type left = type(compare.left());
      Type right = type(compare.right());
      switch (op) {
        case "==", "!=" -> {
          stateName(compare.left(), compare.right());
          stateName(compare.right(), compare.left());
        }
        case "in" -> {
          if (right != Type.ANY && right != Type.LIST && right != Type.MAP) {
            report(
                compare.right(),
                right,
                "'in' looks in a list or a map, not %s".formatted(right.noun));
          } else if (right == Type.MAP && left != Type.ANY && left != Type.STRING) {
            report(
                compare.left(),
                left,
                "'in' a map looks for a string key, not %s".formatted(left.noun));
          }
          if (compare.right() instanceof Condition.Operand list
              && list.value() instanceof ListValue items) {
            for (Value item : items.items()) {
              stateName(compare.left(), new Condition.Operand(item));
            }
          }
        }
        default -> {
          boolean leftOk = left == Type.ANY || left == Type.NUMBER || left == Type.STRING;
          boolean rightOk = right == Type.ANY || right == Type.NUMBER || right == Type.STRING;
          boolean mixed = left != Type.ANY && right != Type.ANY && left != right;
          if (!leftOk || !rightOk || mixed) {
            context.report(
                DiagnosticCode.FLOW308,
                compare.span(),
                "'%s' compares two numbers or two strings, not %s and %s"
                    .formatted(op, left.noun, right.noun));
          }
        }
      }
    }

    /** {@code STAGE.state} compared with a literal that no state is. */
    private void stateName(Condition state, Condition other) {
      if (!(state instanceof Condition.Operand operand && operand.value() instanceof StateRef ref)
          || !(other instanceof Condition.Operand literal)) {
        return;
      }
      Value value = literal.value();
      String stateText = ref.stage().text() + ".state";
      if (value instanceof StringValue string && string.isPlain()) {
        String name = string.text();
        if (STATES.contains(name)) {
          return;
        }
        Diagnostic diagnostic =
            Diagnostic.of(
                DiagnosticCode.FLOW308,
                value.span(),
                "'%s' is not a state '%s' can be in: a stage ends complete, dead, cancelled or"
                        .formatted(name, stateText)
                    + " skipped");
        context.report(
            Suggestions.didYouMean(name, STATES).map(diagnostic::withNote).orElse(diagnostic));
      } else if (value instanceof IntValue
          || value instanceof FloatValue
          || value instanceof DurationValue
          || value instanceof BoolValue
          || value instanceof NullValue
          || value instanceof ListValue
          || value instanceof MapValue) {
        context.report(
            DiagnosticCode.FLOW308,
            value.span(),
            "'%s' is a state name, a string; it never equals %s".formatted(stateText, value.kind()),
            Note.help("compare it with \"complete\", \"dead\", \"cancelled\" or \"skipped\""));
      }
    }

    private Type type(Value value) {
      if (value instanceof IntValue
          || value instanceof FloatValue
          || value instanceof DurationValue) {
        return Type.NUMBER;
      }
      if (value instanceof StringValue) {
        return Type.STRING;
      }
      if (value instanceof BoolValue) {
        return Type.BOOL;
      }
      if (value instanceof NullValue) {
        return Type.NULL;
      }
      if (value instanceof ListValue) {
        return Type.LIST;
      }
      if (value instanceof MapValue) {
        return Type.MAP;
      }
      if (value instanceof IndexRef) {
        return Type.NUMBER;
      }
      if (value instanceof StateRef) {
        return Type.STRING;
      }
      if (value instanceof RunRef run) {
        return switch (run.name().text()) {
          case "id" -> Type.NUMBER;
          case "pipeline", "submitted_at" -> Type.STRING;
          default -> Type.ANY;
        };
      }
      if (value instanceof ParamRef ref) {
        Optional<ParamType> declared = context.index().paramType(ref.name().text());
        if (declared.isEmpty()) {
          return Type.ANY;
        }
        return switch (declared.get()) {
          case STRING -> Type.STRING;
          case INT, FLOAT, DURATION -> Type.NUMBER;
          case BOOL -> Type.BOOL;
          case LIST -> Type.LIST;
          case MAP -> Type.MAP;
          case ANY -> Type.ANY;
        };
      }
      return Type.ANY;
    }

    private void report(Condition at, Type type, String message, Note... notes) {
      Diagnostic diagnostic = Diagnostic.of(DiagnosticCode.FLOW308, at.span(), message, notes);
      if (at instanceof Condition.Operand operand && operand.value() instanceof ParamRef ref) {
        diagnostic =
            diagnostic.withNote(
                Note.note(
                    "param '%s' is declared as '%s' here"
                        .formatted(
                            ref.name().text(),
                            context.index().params().get(ref.name().text()).type().text()),
                    context.index().params().get(ref.name().text()).type().span()));
      }
      context.report(diagnostic);
    }
  }
}
