package dev.flowc.compiler.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  @Test
  void a_typo_suggests_the_closest_name() {
    assertThat(Suggestions.closest("normalise_a", List.of("extract", "normalize_a", "load")))
        .contains("normalize_a");
  }

  @Test
  void a_transposition_is_one_edit() {
    assertThat(Suggestions.distance("transfrom", "transform")).isEqualTo(1);
    assertThat(Suggestions.closest("transfrom", List.of("load", "transform")))
        .contains("transform");
  }

  @Test
  void the_same_stem_is_close_enough() {
    assertThat(Suggestions.closest("retry", List.of("handler", "retries"))).contains("retries");
  }

  @Test
  void a_different_case_is_close() {
    assertThat(Suggestions.closest("Load", List.of("load"))).contains("load");
  }

  @Test
  void an_unrelated_word_suggests_nothing() {
    assertThat(Suggestions.closest("bogus", List.of("extract", "load"))).isEmpty();
    assertThat(Suggestions.closest("x", List.of())).isEmpty();
  }

  @Test
  void the_word_itself_is_not_a_suggestion() {
    assertThat(Suggestions.closest("load", List.of("load"))).isEmpty();
  }

  @Test
  void ties_go_to_the_earlier_candidate() {
    assertThat(Suggestions.closest("ab", List.of("ac", "ad"))).contains("ac");
  }

  @Test
  void did_you_mean_is_a_help_note() {
    assertThat(Suggestions.didYouMean("lod", List.of("load")))
        .hasValueSatisfying(n -> assertThat(n).hasToString("help: did you mean 'load'?"));
  }

  @Test
  void a_longer_or_shorter_form_of_a_word_is_suggested() {
    assertThat(Suggestions.closest("integer", java.util.List.of("string", "int", "float")))
        .contains("int");
    assertThat(Suggestions.closest("str", java.util.List.of("string", "int"))).contains("string");
    assertThat(Suggestions.closest("in", java.util.List.of("int"))).contains("int");
    assertThat(Suggestions.closest("xy", java.util.List.of("xyz_long"))).isEmpty();
  }
}
