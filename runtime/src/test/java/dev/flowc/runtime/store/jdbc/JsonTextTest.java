package dev.flowc.runtime.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The text written without Jackson's serializer is Jackson's {@code toString}, character for
 * character.
 */
class JsonTextTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  // Quotes, backslashes, every control character, a slash, non-ASCII, a surrogate pair, U+2028.
  private static final List<String> STRINGS =
      List.of(
          "",
          "plain",
          "say \"hi\"",
          "back\\slash",
          "a/b",
          "caf\u00e9 \u65e5\u672c",
          "\ud83d\ude00",
          "line\u2028sep",
          "tab\there\nnew\rret\bback\fform\u0000nul\u001funit\u007fdel");

  @Test
  void the_values_jobs_mostly_carry_are_written_as_jackson_writes_them() throws Exception {
    ObjectNode input = NODES.objectNode().put("n", 42).put("name", "x").put("big", Long.MIN_VALUE);
    input.putNull("none");
    input.put("yes", true).put("no", false);
    input.putArray("list").add(1).add("two").addNull().add(NODES.objectNode());
    input.putObject("nested").putObject("deeper").putArray("empty");
    for (String string : STRINGS) {
      input.put(string, string);
    }
    for (JsonNode node :
        List.of(
            input,
            NODES.objectNode(),
            NODES.arrayNode(),
            NODES.nullNode(),
            NODES.textNode("only \"text\""),
            NODES.numberNode(Integer.MIN_VALUE),
            NODES.booleanNode(true),
            new ObjectMapper().readTree("{\"read\":[1,{\"back\":\"\\u0001\"}],\"n\":-7}"))) {
      assertThat(JsonText.of(node)).isEqualTo(node.toString());
    }
  }

  @Test
  void any_other_value_anywhere_in_it_is_written_by_jackson_whole() {
    for (JsonNode other :
        List.of(
            NODES.numberNode(1.5),
            NODES.numberNode(Double.NaN),
            NODES.numberNode(1e300),
            NODES.numberNode(2.5f),
            NODES.numberNode(new BigDecimal("1.000")),
            NODES.numberNode(new BigInteger("123456789012345678901234567890")),
            NODES.numberNode((short) 7),
            NODES.binaryNode(new byte[] {1, 2, 3}),
            NODES.pojoNode(List.of("a", 1)))) {
      ObjectNode holder = NODES.objectNode().put("before", 1);
      holder.putArray("deep").add(NODES.objectNode().set("x", other));
      holder.put("after", "z");
      assertThat(JsonText.of(other)).isEqualTo(other.toString());
      assertThat(JsonText.of(holder)).isEqualTo(holder.toString());
    }
  }

  @Test
  void random_trees_are_written_as_jackson_writes_them() {
    Random random = new Random(10);
    for (int i = 0; i < 2_000; i++) {
      JsonNode node = randomNode(random, 4);
      assertThat(JsonText.of(node)).isEqualTo(node.toString());
    }
  }

  private static JsonNode randomNode(Random random, int depth) {
    int kind = random.nextInt(depth == 0 ? 5 : 7);
    return switch (kind) {
      case 0 -> NODES.numberNode(random.nextInt());
      case 1 -> NODES.numberNode(random.nextLong());
      case 2 -> NODES.textNode(randomString(random));
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> NODES.nullNode();
      case 5 -> {
        ObjectNode object = NODES.objectNode();
        for (int f = random.nextInt(4); f > 0; f--) {
          object.set(randomString(random), randomNode(random, depth - 1));
        }
        yield object;
      }
      default -> {
        ArrayNode array = NODES.arrayNode();
        for (int e = random.nextInt(4); e > 0; e--) {
          array.add(randomNode(random, depth - 1));
        }
        yield array;
      }
    };
  }

  private static String randomString(Random random) {
    StringBuilder text = new StringBuilder();
    for (int c = random.nextInt(8); c > 0; c--) {
      text.append(
          switch (random.nextInt(4)) {
            case 0 -> (char) random.nextInt(0x20);
            case 1 -> (char) (0x20 + random.nextInt(0x60));
            case 2 -> (char) (0x80 + random.nextInt(0x800));
            default -> STRINGS.get(random.nextInt(STRINGS.size()));
          });
    }
    return text.toString();
  }
}
