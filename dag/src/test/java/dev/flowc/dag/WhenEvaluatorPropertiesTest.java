package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/**
 * Laws of the evaluator over random trees, values and bindings ({@link RandomValues}): each runs
 * thousands of seeded cases, and a failure names its seed.
 */
class WhenEvaluatorPropertiesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int CASES = 3_000;

  /** The outcome of one evaluation: true, false, or an error (its message). */
  private record Outcome(Boolean value, String error) {}

  private static Outcome outcome(JsonNode when, Bindings bindings) {
    try {
      return new Outcome(WhenEvaluator.evaluate(when, bindings), null);
    } catch (EvaluationException e) {
      return new Outcome(null, e.getMessage());
    }
  }

  private static JsonNode not(JsonNode tree) {
    return WhenTree.op(WhenTree.NOT, tree);
  }

  @Test
  void evaluation_never_throws_anything_but_an_evaluation_exception() {
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      JsonNode tree = random.tree(4, true);
      Bindings bindings = random.bindings();

      Throwable thrown = catchThrowable(() -> WhenEvaluator.evaluate(tree, bindings));

      if (thrown != null) {
        assertThat(thrown).as("seed %d: %s", seed, tree).isInstanceOf(EvaluationException.class);
        assertThat(thrown.getMessage()).as("seed %d", seed).startsWith("when '");
      }
    }
  }

  @Test
  void not_is_an_involution() {
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      JsonNode tree = random.tree(3, false);
      Bindings bindings = random.bindings();

      Outcome once = outcome(tree, bindings);
      Outcome twice = outcome(not(not(tree)), bindings);

      assertThat(twice.value()).as("seed %d: %s", seed, tree).isEqualTo(once.value());
      assertThat(twice.error() == null).as("seed %d", seed).isEqualTo(once.error() == null);
      if (once.value() != null) {
        assertThat(outcome(not(tree), bindings).value()).isEqualTo(!once.value());
      }
    }
  }

  @Test
  void comparisons_of_numbers_and_of_strings_form_a_total_order() {
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      boolean numbers = random.chance(50);
      JsonNode a = numbers ? random.number() : NODES.textNode(random.string());
      JsonNode b = numbers ? random.number() : NODES.textNode(random.string());

      boolean lt = eval(WhenTree.LT, a, b);
      boolean eq = eval(WhenTree.EQ, a, b);
      boolean gt = eval(WhenTree.GT, a, b);

      String what = "seed %d: %s, %s".formatted(seed, a, b);
      assertThat((lt ? 1 : 0) + (eq ? 1 : 0) + (gt ? 1 : 0)).as(what).isEqualTo(1);
      assertThat(eval(WhenTree.LE, a, b)).as(what).isEqualTo(lt || eq);
      assertThat(eval(WhenTree.GE, a, b)).as(what).isEqualTo(gt || eq);
      assertThat(eval(WhenTree.GT, b, a)).as(what).isEqualTo(lt);
      assertThat(eval(WhenTree.NE, a, b)).as(what).isEqualTo(!eq);
    }
  }

  @Test
  void equality_is_reflexive_and_symmetric_for_any_values() {
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      JsonNode a = random.plain(3);
      JsonNode b = random.chance(30) ? a.deepCopy() : random.plain(3);

      String what = "seed %d: %s, %s".formatted(seed, a, b);
      assertThat(eval(WhenTree.EQ, a, a)).as(what).isTrue();
      assertThat(eval(WhenTree.EQ, a, b)).as(what).isEqualTo(eval(WhenTree.EQ, b, a));
    }
  }

  @Test
  void ordering_values_of_different_types_is_always_an_error() {
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      JsonNode a = random.plain(2);
      JsonNode b = random.plain(2);
      boolean comparable = (a.isNumber() && b.isNumber()) || (a.isTextual() && b.isTextual());
      JsonNode tree = WhenTree.op(WhenTree.LT, Values.escape(a), Values.escape(b));

      Outcome outcome = outcome(tree, Bindings.none());

      assertThat(outcome.error() == null).as("seed %d: %s, %s", seed, a, b).isEqualTo(comparable);
    }
  }

  @Test
  void len_of_a_built_list_is_its_size_and_of_a_string_its_code_points() {
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      int size = random.nextInt(20);
      ArrayNode list = NODES.arrayNode();
      for (int i = 0; i < size; i++) {
        list.add(Values.escape(random.plain(1)));
      }
      String text = random.string() + random.string();

      assertThat(eval(WhenTree.EQ, WhenTree.op(WhenTree.LEN, list), NODES.numberNode(size)))
          .as("seed %d", seed)
          .isTrue();
      assertThat(
              eval(
                  WhenTree.EQ,
                  WhenTree.op(WhenTree.LEN, NODES.textNode(text)),
                  NODES.numberNode(text.codePointCount(0, text.length()))))
          .as("seed %d", seed)
          .isTrue();
    }
  }

  @Test
  void an_element_of_a_list_is_in_it() {
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      JsonNode list = random.plain(0);
      ArrayNode built = NODES.arrayNode();
      for (int i = 0; i <= random.nextInt(5); i++) {
        built.add(random.plain(2));
      }
      JsonNode element = built.get(random.nextInt(built.size()));

      assertThat(eval(WhenTree.IN, element, built)).as("seed %d: %s", seed, list).isTrue();
    }
  }

  @Test
  void substituting_early_then_resolving_equals_resolving_at_once() {
    for (long seed = 0; seed < CASES; seed++) {
      RandomValues random = new RandomValues(seed);
      JsonNode value = random.irValue(3);
      Bindings all = random.bindings();
      Bindings early = new Bindings(java.util.Map.of(), java.util.Map.of(), all.item(), all.run());
      Bindings late = new Bindings(all.results(), all.states(), null, null);

      Object atOnce = resolved(value, all);
      Object inSteps;
      try {
        inSteps = resolved(Values.substitute(value, early), late);
      } catch (EvaluationException e) {
        // A path that selects nothing fails as soon as its binding is known.
        inSteps = EvaluationException.class;
      }

      assertThat(inSteps).as("seed %d: %s", seed, value).isEqualTo(atOnce);
    }
  }

  private static Object resolved(JsonNode value, Bindings bindings) {
    try {
      return Values.resolve(value, bindings).toString();
    } catch (EvaluationException e) {
      return EvaluationException.class;
    }
  }

  private static boolean eval(String op, JsonNode a, JsonNode b) {
    return WhenEvaluator.evaluate(
        WhenTree.op(op, escapeUnlessOperator(a), escapeUnlessOperator(b)), Bindings.none());
  }

  private static JsonNode escapeUnlessOperator(JsonNode node) {
    return WhenTree.isOperator(node)
            && !node.has(Values.LITERAL)
            && node.has(WhenTree.ARGS)
            && node.get(WhenTree.ARGS).isArray()
        ? node
        : Values.escape(node);
  }

  @Test
  void a_missing_binding_is_an_error_and_never_a_wrong_answer() {
    JsonNode tree = WhenTree.op(WhenTree.EQ, Values.run("id"), NODES.numberNode(1));

    assertThatThrownBy(() -> WhenEvaluator.evaluate(tree, Bindings.none()))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("when 'run.id == 1': run.id is not known here");
  }
}
