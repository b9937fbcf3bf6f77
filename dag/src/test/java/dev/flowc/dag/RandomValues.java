package dev.flowc.dag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random JSON values, IR values with leaves, {@code when} trees and bindings, for the property
 * tests. Each test runs many seeds and names the seed when a property fails, so a failure replays
 * exactly.
 */
final class RandomValues {
  static final List<String> STAGES = List.of("a", "b", "c");
  static final Each EACH = new Each(JsonNodeFactory.instance.arrayNode(), "item", "i", 100);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] WORDS = {
    "", "a", "b", "ab", "op", "$x", "é", "\uD83D\uDE00", "\uFFFD"
  };

  private final Random random;

  RandomValues(long seed) {
    this.random = new Random(seed);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  String string() {
    StringBuilder text = new StringBuilder();
    int parts = random.nextInt(3);
    for (int i = 0; i < parts; i++) {
      text.append(word());
    }
    return text.toString();
  }

  JsonNode number() {
    return switch (random.nextInt(5)) {
      case 0 -> NODES.numberNode(random.nextInt(5) - 2);
      case 1 -> NODES.numberNode((double) (random.nextInt(5) - 2));
      case 2 -> NODES.numberNode(random.nextInt(7) / 2.0 - 1.5);
      case 3 -> NODES.numberNode(random.nextLong());
      default -> NODES.numberNode(BigInteger.valueOf(random.nextLong()).shiftLeft(70));
    };
  }

  /** A plain JSON value, nested up to {@code depth}. */
  JsonNode plain(int depth) {
    int kind = random.nextInt(depth > 0 ? 7 : 5);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> number();
      case 3, 4 -> NODES.textNode(string());
      case 5 -> {
        ArrayNode list = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          list.add(plain(depth - 1));
        }
        yield list;
      }
      default -> {
        ObjectNode map = NODES.objectNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          map.set(word(), plain(depth - 1));
        }
        yield map;
      }
    };
  }

  /** A path into a value: fields and indexes. */
  List<Object> path() {
    List<Object> path = new ArrayList<>();
    int size = random.nextInt(3);
    for (int i = 0; i < size; i++) {
      path.add(random.nextBoolean() ? (Object) word() : (Object) random.nextInt(3));
    }
    return path;
  }

  /** A leaf of the IR: a result, item, index, state or run reference. */
  JsonNode leaf() {
    return switch (random.nextInt(5)) {
      case 0 -> ResultRefs.result(STAGES.get(random.nextInt(STAGES.size())), path());
      case 1 -> Values.item(path());
      case 2 -> Values.index();
      case 3 -> Values.state(STAGES.get(random.nextInt(STAGES.size())));
      default -> Values.run(RunValues.NAMES.get(random.nextInt(RunValues.NAMES.size())));
    };
  }

  /** An IR value (escaped keys, leaves, formats), nested up to {@code depth}. */
  JsonNode irValue(int depth) {
    int kind = random.nextInt(depth > 0 ? 6 : 4);
    return switch (kind) {
      case 0, 1 -> Values.escape(plain(0));
      case 2 -> leaf();
      case 3 -> {
        List<JsonNode> parts = new ArrayList<>();
        int size = 1 + random.nextInt(3);
        for (int i = 0; i < size; i++) {
          parts.add(random.nextBoolean() ? NODES.textNode(string()) : leaf());
        }
        yield ResultRefs.format(parts);
      }
      case 4 -> {
        ArrayNode list = NODES.arrayNode();
        int size = random.nextInt(3);
        for (int i = 0; i < size; i++) {
          list.add(irValue(depth - 1));
        }
        yield list;
      }
      default -> {
        ObjectNode map = NODES.objectNode();
        int size = random.nextInt(3);
        for (int i = 0; i < size; i++) {
          map.set(ResultRefs.escapeKey(word()), irValue(depth - 1));
        }
        yield map.has(WhenTree.OP) ? Values.literal(map) : map;
      }
    };
  }

  /** A {@code when} tree, well formed or (when {@code malformed}) with any arity. */
  JsonNode tree(int depth, boolean malformed) {
    if (depth == 0 || chance(25)) {
      return irValue(1);
    }
    String op = WhenTree.OPERATORS.get(random.nextInt(WhenTree.OPERATORS.size()));
    int arity =
        malformed && chance(10)
            ? random.nextInt(4)
            : switch (op) {
              case WhenTree.OR, WhenTree.AND -> 2 + random.nextInt(2);
              case WhenTree.NOT, WhenTree.LEN -> 1;
              default -> 2;
            };
    List<JsonNode> args = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      args.add(tree(depth - 1, malformed));
    }
    return WhenTree.op(op, args);
  }

  /** Bindings that know some of the leaves {@link #leaf} makes, and not others. */
  Bindings bindings() {
    Bindings bindings = Bindings.none();
    for (String stage : STAGES) {
      if (chance(60)) {
        bindings = bindings.withResult(stage, plain(2));
      }
      if (chance(60)) {
        FinalState[] states = FinalState.values();
        bindings = bindings.withState(stage, states[random.nextInt(states.length)]);
      }
    }
    if (chance(70)) {
      bindings = bindings.withItem(EACH, random.nextInt(5), plain(2));
    }
    if (chance(70)) {
      bindings =
          bindings.withRun(
              new RunValues(
                  random.nextInt(100),
                  "p",
                  Instant.ofEpochSecond(random.nextInt(1_000_000)),
                  chance(50) ? null : Instant.ofEpochSecond(random.nextInt(1_000_000)),
                  chance(50) ? null : string()));
    }
    return bindings;
  }
}
