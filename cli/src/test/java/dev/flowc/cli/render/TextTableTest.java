package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void aligns_columns_two_spaces_apart_and_trims_the_end() {
    TextTable table =
        new TextTable("ID", "STAGE", "ERROR").row(1, "extract_api", null).row(12, "load", "boom");

    assertThat(table.lines())
        .containsExactly("ID  STAGE        ERROR", "1   extract_api", "12  load         boom");
  }

  @Test
  void a_row_must_fill_every_column() {
    assertThatThrownBy(() -> new TextTable("A", "B").row(1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
