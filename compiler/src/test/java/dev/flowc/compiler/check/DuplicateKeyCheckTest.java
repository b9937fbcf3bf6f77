package dev.flowc.compiler.check;

import static dev.flowc.compiler.Flow.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateKeyCheckTest {
  private final DuplicateKeyCheck check = new DuplicateKeyCheck();

  @Test
  void a_key_twice_is_reported_at_the_second_with_the_first_as_a_note() {
    assertThat(
            CheckRunner.rendered(
                check, pipeline("  stage a { handler \"x\" input { k: 1, k: 2 } }")))
        .containsExactly(
            "2:39-2:40 error FLOW105 duplicate key 'k' in a map\n  note: first used here (2:33)");
  }

  @Test
  void a_quoted_key_is_the_same_key_as_a_bare_one() {
    assertThat(
            CheckRunner.lines(
                check, pipeline("  stage a { handler \"x\" metadata { team: 1, \"team\": 2 } }")))
        .containsExactly("2:45-2:51 error FLOW105 duplicate key 'team' in a map");
  }

  @Test
  void maps_nested_in_lists_and_param_defaults_are_checked() {
    assertThat(
            CheckRunner.lines(
                check,
                pipeline(
                    "  params { m: map = { a: 1, a: 2 } }\n"
                        + "  stage s { handler \"x\" input { l: [{ b: 1, b: 2 }] } }")))
        .containsExactly(
            "2:29-2:30 error FLOW105 duplicate key 'a' in a map",
            "3:45-3:46 error FLOW105 duplicate key 'b' in a map");
  }

  @Test
  void the_same_key_in_two_maps_is_fine() {
    assertThat(
            CheckRunner.run(
                check,
                pipeline(
                    "  stage a { handler \"x\" input { k: 1, sub: { k: 2 } } metadata { k: 3 } }")))
        .isEmpty();
  }
}
