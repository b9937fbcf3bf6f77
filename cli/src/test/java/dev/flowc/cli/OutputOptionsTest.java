package dev.flowc.cli;

import static dev.flowc.cli.OutputOptions.ColorMode.always;
import static dev.flowc.cli.OutputOptions.ColorMode.auto;
import static dev.flowc.cli.OutputOptions.ColorMode.never;
import static dev.flowc.cli.OutputOptions.colored;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputOptionsTest {
  @Test
  void auto_colours_a_terminal_only() {
    assertThat(colored(auto, Map.of(), true)).isTrue();
    assertThat(colored(auto, Map.of(), false)).isFalse();
  }

  @Test
  void auto_respects_no_color_when_it_is_not_empty() {
    assertThat(colored(auto, Map.of("NO_COLOR", "1"), true)).isFalse();
    assertThat(colored(auto, Map.of("NO_COLOR", ""), true)).isTrue();
  }

  @Test
  void auto_does_not_colour_a_dumb_terminal() {
    assertThat(colored(auto, Map.of("TERM", "dumb"), true)).isFalse();
    assertThat(colored(auto, Map.of("TERM", "xterm-256color"), true)).isTrue();
  }

  @Test
  void always_and_never_ignore_the_terminal_and_the_environment() {
    assertThat(colored(always, Map.of("NO_COLOR", "1", "TERM", "dumb"), false)).isTrue();
    assertThat(colored(never, Map.of(), true)).isFalse();
  }

  @Test
  void no_console_is_no_terminal() {
    assertThat(OutputOptions.isTerminal(null)).isFalse();
  }
}
