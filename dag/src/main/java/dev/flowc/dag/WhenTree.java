package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code when} condition of a job as a tree, as the IR writes it.
 *
 * <p>An operator is {@code {"op": OP, "args": [...]}} with {@code OP} one of {@link #OPERATORS};
 * {@code ||} and {@code &&} take two or more arguments, {@code !} and {@code len} one, the
 * comparisons and {@code in} two. Every other node is an operand: a JSON value, possibly holding
 * the leaves of {@link Values} ({@code $result}, {@code $item}, {@code $index}, {@code $state},
 * {@code $run}, {@code $format}). A map operand that has an {@code op} key is written as {@code
 * {"$literal": MAP}} so that it is not taken for an operator.
 */
public final class WhenTree {
  /** The key of an operator node. */
  public static final String OP = "op";

  /** The key of an operator node's arguments. */
  public static final String ARGS = "args";

  /** Logical or; short-circuits. */
  public static final String OR = "||";

  /** Logical and; short-circuits. */
  public static final String AND = "&&";

  /** Logical not. */
  public static final String NOT = "!";

  /** Equality of any two values, numbers by value. */
  public static final String EQ = "==";

  /** Inequality: the negation of {@link #EQ}. */
  public static final String NE = "!=";

  /** Less than: two numbers, or two strings by code point. */
  public static final String LT = "<";

  /** Less than or equal. */
  public static final String LE = "<=";

  /** Greater than. */
  public static final String GT = ">";

  /** Greater than or equal. */
  public static final String GE = ">=";

  /** Membership in a list, or a key of a map. */
  public static final String IN = "in";

  /** The length of a string (code points), a list or a map. */
  public static final String LEN = "len";

  /** Every operator, as the IR writes it. */
  public static final List<String> OPERATORS =
      List.of(OR, AND, NOT, EQ, NE, LT, LE, GT, GE, IN, LEN);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private WhenTree() {}

  /** The operator {@code op} over {@code args}. */
  public static ObjectNode op(String op, List<JsonNode> args) {
    ObjectNode node = NODES.objectNode();
    node.put(OP, op);
    ArrayNode array = node.putArray(ARGS);
    args.forEach(array::add);
    return node;
  }

  /** The operator {@code op} over {@code args}. */
  public static ObjectNode op(String op, JsonNode... args) {
    return op(op, List.of(args));
  }

  /** Whether {@code node} is an operator node (not an operand). */
  public static boolean isOperator(JsonNode node) {
    return node.isObject() && node.has(OP);
  }

  /** The stages whose {@code state} the condition reads, in order of first appearance. */
  public static Set<String> statesRead(JsonNode when) {
    Set<String> stages = new LinkedHashSet<>();
    collectStates(when, stages);
    return stages;
  }

  private static void collectStates(JsonNode node, Set<String> stages) {
    if (node.isObject()) {
      JsonNode state = node.get(Values.STATE);
      if (state != null) {
        stages.add(state.asText());
        return;
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        collectStates(field.getValue(), stages);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        collectStates(element, stages);
      }
    }
  }

  /**
   * The problems of a tree's shape: unknown operators, wrong numbers of arguments. Empty when the
   * tree is well formed.
   */
  static List<String> problems(JsonNode when) {
    List<String> problems = new ArrayList<>();
    collectProblems(when, problems);
    return problems;
  }

  private static void collectProblems(JsonNode node, List<String> problems) {
    if (!isOperator(node)) {
      return;
    }
    String op = node.get(OP).asText();
    JsonNode args = node.get(ARGS);
    if (!OPERATORS.contains(op)) {
      problems.add("unknown operator '%s' (the operators are %s)".formatted(op, OPERATORS));
      return;
    }
    if (args == null || !args.isArray()) {
      problems.add("operator '%s' has no list of args".formatted(op));
      return;
    }
    int arity = args.size();
    boolean fits =
        switch (op) {
          case OR, AND -> arity >= 2;
          case NOT, LEN -> arity == 1;
          default -> arity == 2;
        };
    if (!fits) {
      problems.add("operator '%s' does not take %d argument(s)".formatted(op, arity));
    }
    if (node.size() != 2) {
      problems.add("operator '%s' has keys other than 'op' and 'args'".formatted(op));
    }
    for (JsonNode arg : args) {
      collectProblems(arg, problems);
    }
  }

  /**
   * The condition or value as a {@code .flow} file writes it, for messages: {@code
   * len(normalize.result.rows) > 0 && load.state == "complete"}.
   *
   * @param each the stage's fan-out, for the names of its variables, or {@code null}
   */
  public static String render(JsonNode node, Each each) {
    return each == null
        ? render(node, (Bindings.Item) null)
        : render(node, new Bindings.Item(NODES.nullNode(), 0, each.var(), each.indexVar()));
  }

  static String render(JsonNode node, Bindings.Item item) {
    StringBuilder out = new StringBuilder();
    new Renderer(item, out).node(node, 0);
    return out.toString();
  }

  static int precedence(String op) {
    return switch (op) {
      case OR -> 1;
      case AND -> 2;
      case NOT -> 3;
      case LEN -> 5;
      default -> 4;
    };
  }

  private record Renderer(Bindings.Item item, StringBuilder out) {
    void node(JsonNode node, int least) {
      if (isOperator(node) && node.path(ARGS).isArray()) {
        operator(node, least);
      } else {
        operand(node);
      }
    }

    private void operator(JsonNode node, int least) {
      String op = node.get(OP).asText();
      JsonNode args = node.get(ARGS);
      int own = precedence(op);
      boolean parens = own < least;
      if (parens) {
        out.append('(');
      }
      switch (op) {
        case LEN -> {
          out.append("len(");
          joined(args, ", ", 0);
          out.append(')');
        }
        case NOT -> {
          out.append('!');
          // '!a == b' means '!(a == b)'; the parentheses say so to a reader.
          joined(args, ", ", 5);
        }
        case OR, AND -> joined(args, " " + op + " ", own + 1);
        default -> joined(args, " " + op + " ", own + 1);
      }
      if (parens) {
        out.append(')');
      }
    }

    private void joined(JsonNode args, String separator, int least) {
      boolean first = true;
      for (JsonNode arg : args) {
        if (!first) {
          out.append(separator);
        }
        first = false;
        node(arg, least);
      }
    }

    private void operand(JsonNode node) {
      String kind = Values.leafKind(node);
      if (kind == null) {
        plain(node);
        return;
      }
      switch (kind) {
        case ResultRefs.RESULT -> {
          out.append(node.get(ResultRefs.RESULT).asText()).append(".result");
          path(node.path(ResultRefs.PATH));
        }
        case Values.ITEM -> {
          out.append(item == null ? "item" : item.var());
          path(node.get(Values.ITEM));
        }
        case Values.INDEX ->
            out.append(item == null || item.indexVar() == null ? "index" : item.indexVar());
        case Values.STATE -> out.append(node.get(Values.STATE).asText()).append(".state");
        case Values.RUN -> out.append("run.").append(node.get(Values.RUN).asText());
        case Values.LITERAL -> {
          JsonNode inner = node.get(Values.LITERAL);
          if (inner.isObject()) {
            map(inner);
          } else {
            operand(inner);
          }
        }
        case ResultRefs.FORMAT -> format(node.get(ResultRefs.FORMAT));
        default -> plain(node);
      }
    }

    private void path(JsonNode path) {
      if (!path.isArray()) {
        return;
      }
      for (JsonNode element : path) {
        if (element.isIntegralNumber()) {
          out.append('[').append(element.asText()).append(']');
        } else {
          out.append('.').append(element.asText());
        }
      }
    }

    private void format(JsonNode parts) {
      out.append('"');
      for (JsonNode part : parts) {
        if (part.isTextual()) {
          String quoted = NODES.textNode(part.textValue()).toString();
          out.append(quoted, 1, quoted.length() - 1);
        } else {
          out.append("${");
          operand(part);
          out.append('}');
        }
      }
      out.append('"');
    }

    private void plain(JsonNode node) {
      if (node.isArray()) {
        out.append('[');
        boolean first = true;
        for (JsonNode element : node) {
          if (!first) {
            out.append(", ");
          }
          first = false;
          operand(element);
        }
        out.append(']');
      } else if (node.isObject()) {
        map(node);
      } else {
        out.append(node.toString());
      }
    }

    private void map(JsonNode node) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        String key = ResultRefs.unescapeKey(field.getKey());
        out.append(IDENT.matcher(key).matches() ? key : NODES.textNode(key).toString());
        out.append(": ");
        operand(field.getValue());
      }
      out.append('}');
    }
  }
}
