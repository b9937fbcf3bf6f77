package dev.flowc.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunTablesTest {
  @Test
  void one_line_keeps_the_simple_class_name_and_the_first_line_of_the_message() {
    assertThat(RunTables.oneLine("java.io.IOException: gone\n\tmore"))
        .isEqualTo("IOException: gone");
    assertThat(RunTables.oneLine("a.b.Outer$Inner: x.y")).isEqualTo("Inner: x.y");
    assertThat(RunTables.oneLine("flowc.Timeout")).isEqualTo("Timeout");
    assertThat(RunTables.oneLine("x".repeat(150))).hasSize(100).endsWith("…");
    assertThat(RunTables.oneLine(null)).isEmpty();
  }

  @Test
  void counts_are_singular_or_plural() {
    assertThat(RunTables.count(1, "job")).isEqualTo("1 job");
    assertThat(RunTables.count(0, "job")).isEqualTo("0 jobs");
  }
}
