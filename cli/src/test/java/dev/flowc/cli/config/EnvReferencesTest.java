package dev.flowc.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReferencesTest {
  private final EnvReferences references =
      new EnvReferences(Map.of("HOST", "db.internal", "EMPTY", "", "PORT", "5432"));

  @Test
  void a_reference_is_the_value_of_its_variable_wherever_it_is_in_the_value() throws Exception {
    assertThat(references.expand("${env:HOST}")).isEqualTo("db.internal");
    assertThat(references.expand("jdbc:postgresql://${env:HOST}:${env:PORT}/flowc"))
        .isEqualTo("jdbc:postgresql://db.internal:5432/flowc");
  }

  @Test
  void a_default_is_taken_when_the_variable_is_unset_or_empty_as_in_the_shell() throws Exception {
    assertThat(references.expand("${env:MISSING:-.flowc/flowc.db}")).isEqualTo(".flowc/flowc.db");
    assertThat(references.expand("${env:EMPTY:-fallback}")).isEqualTo("fallback");
    assertThat(references.expand("${env:HOST:-localhost}")).isEqualTo("db.internal");
    assertThat(references.expand("${env:MISSING:-}")).isEmpty();
    assertThat(references.expand("a${env:MISSING:-x:-y}b")).isEqualTo("ax:-yb");
  }

  @Test
  void a_set_but_empty_variable_without_a_default_is_empty() throws Exception {
    assertThat(references.expand("[${env:EMPTY}]")).isEqualTo("[]");
  }

  @Test
  void a_doubled_dollar_writes_a_reference_literally() throws Exception {
    assertThat(references.expand("$${env:HOST}")).isEqualTo("${env:HOST}");
    assertThat(references.expand("$$${env:HOST}")).isEqualTo("$${env:HOST}");
    assertThat(references.expand("$${env:HOST} is ${env:HOST}"))
        .isEqualTo("${env:HOST} is db.internal");
  }

  @Test
  void any_other_dollar_is_kept_as_written() throws Exception {
    assertThat(references.expand("pa$$word${HOST}$")).isEqualTo("pa$$word${HOST}$");
    assertThat(references.expand("$HOST ${other:HOST}")).isEqualTo("$HOST ${other:HOST}");
  }

  @Test
  void an_unset_variable_without_a_default_names_the_variable_and_where_it_is() {
    assertThatThrownBy(() -> references.expand("jdbc:postgresql://${env:DB_HOST}/flowc"))
        .isInstanceOfSatisfying(
            EnvReferences.Unexpandable.class,
            e -> assertThat(e.offset()).isEqualTo("jdbc:postgresql://".length()))
        .hasMessage(
            "environment variable 'DB_HOST' is not set (set it, or give a default:"
                + " ${env:DB_HOST:-VALUE})");
  }

  @Test
  void a_malformed_reference_is_an_error_not_a_literal() {
    assertThatThrownBy(() -> references.expand("x ${env:HOST"))
        .hasMessage("'${env:HOST' has no closing '}'");
    assertThatThrownBy(() -> references.expand("${env:1X}"))
        .hasMessage(
            "'${env:1X}' does not name an environment variable (letters, digits and '_', not"
                + " starting with a digit)");
    assertThatThrownBy(() -> references.expand("${env:}"))
        .hasMessageStartingWith("'${env:}' does not name an environment variable");
  }
}
