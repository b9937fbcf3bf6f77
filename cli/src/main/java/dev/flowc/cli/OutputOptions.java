package dev.flowc.cli;

import dev.flowc.cli.render.Style;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --color}: whether diagnostics use ANSI colours; given before or after the command. */
final class OutputOptions {
  enum ColorMode {
    auto,
    always,
    never
  }

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      scope = ScopeType.INHERIT,
      defaultValue = "auto",
      description =
          "Colour diagnostics: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; auto"
              + " means only on a terminal, and never when NO_COLOR is set).")
  ColorMode color = ColorMode.auto;

  Style style() {
    boolean on =
        switch (color) {
          case always -> true;
          case never -> false;
          case auto ->
              System.console() != null
                  && System.getenv("NO_COLOR") == null
                  && !"dumb".equals(System.getenv("TERM"));
        };
    return on ? Style.colored() : Style.plain();
  }
}
