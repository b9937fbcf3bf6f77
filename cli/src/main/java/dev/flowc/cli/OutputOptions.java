package dev.flowc.cli;

import dev.flowc.cli.render.Style;
import java.io.Console;
import java.util.Map;
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

  /** The colours of what goes to standard output. */
  Style style() {
    return colored(color, System.getenv(), stdoutIsTerminal()) ? Style.colored() : Style.plain();
  }

  /** The colours of what goes to standard error. */
  Style errStyle() {
    return colored(color, System.getenv(), stderrIsTerminal()) ? Style.colored() : Style.plain();
  }

  /** Whether standard output is a terminal. */
  static boolean stdoutIsTerminal() {
    return launcherSays("flowc.stdout.tty");
  }

  /** Whether standard error is a terminal. */
  static boolean stderrIsTerminal() {
    return launcherSays("flowc.stderr.tty");
  }

  /**
   * What the launcher found ({@code ./flowc} tests each stream with {@code [ -t N ]} and passes
   * {@code -Dflowc.stdout.tty} and {@code -Dflowc.stderr.tty}); without it, whether the JVM has a
   * console, which it has only when stdin and stdout are both terminals.
   */
  private static boolean launcherSays(String property) {
    String value = System.getProperty(property);
    return value != null ? Boolean.parseBoolean(value) : isTerminal(System.console());
  }

  /**
   * Whether to colour: {@code auto} colours a terminal unless {@code NO_COLOR} is set to a
   * non-empty value (no-color.org) or {@code TERM} is {@code dumb}.
   */
  static boolean colored(ColorMode mode, Map<String, String> env, boolean terminal) {
    return switch (mode) {
      case always -> true;
      case never -> false;
      case auto ->
          terminal
              && (env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty())
              && !"dumb".equals(env.get("TERM"));
    };
  }

  /**
   * Whether the console is a terminal. Before Java 22 {@link System#console()} is null unless stdin
   * and stdout are terminals; from Java 22 to 24 it returns a console even when output is
   * redirected, and only {@code Console.isTerminal()} (a Java 22 method) tells.
   */
  static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
