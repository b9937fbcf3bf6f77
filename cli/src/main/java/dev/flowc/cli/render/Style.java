package dev.flowc.cli.render;

import dev.flowc.compiler.diagnostic.Severity;

/** ANSI colours for terminal output, or none. */
public final class Style {
  private static final String RESET = "\u001b[0m";

  private final boolean enabled;

  private Style(boolean enabled) {
    this.enabled = enabled;
  }

  public static Style plain() {
    return new Style(false);
  }

  public static Style colored() {
    return new Style(true);
  }

  public boolean enabled() {
    return enabled;
  }

  String severity(Severity severity, String text) {
    return paint(severity == Severity.ERROR ? "1;31" : "1;33", text);
  }

  String bold(String text) {
    return paint("1", text);
  }

  String gutter(String text) {
    return paint("1;34", text);
  }

  String help(String text) {
    return paint("1;36", text);
  }

  /** {@code text} in the ANSI style {@code code} (such as {@code 1;31}), when colours are on. */
  public String paint(String code, String text) {
    return enabled ? "\u001b[" + code + "m" + text + RESET : text;
  }
}
