package dev.flowc.cli.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands the environment references of a {@code flowc.yaml} value: {@code ${env:NAME}} is the
 * variable's value, {@code ${env:NAME:-default}} its value or, when it is unset or empty, {@code
 * default} (as the shell's {@code ${NAME:-default}}). <code>$${env:</code> is a literal <code>
 * ${env:</code>. Any other {@code $} is kept as written, so values that contained a {@code $}
 * before references existed (a password, a regular expression) mean what they meant.
 */
final class EnvReferences {
  private static final String START = "${env:";
  private static final String ESCAPED_START = "$" + START;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A reference that cannot be expanded: {@code offset} is where it starts in the value. */
  static final class Unexpandable extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    Unexpandable(int offset, String message) {
      super(message, null, false, false);
      this.offset = offset;
    }

    int offset() {
      return offset;
    }
  }

  private final Map<String, String> environment;

  EnvReferences(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Whether {@code value} has a reference or an escaped one: whether expanding may change it. */
  static boolean mentions(String value) {
    return value.contains(START);
  }

  /**
   * {@code value} with its references replaced.
   *
   * @throws Unexpandable for an unset variable without a default, a malformed reference
   */
  String expand(String value) throws Unexpandable {
    if (!mentions(value)) {
      return value;
    }
    StringBuilder expanded = new StringBuilder(value.length());
    int at = 0;
    while (at < value.length()) {
      if (value.startsWith(ESCAPED_START, at)) {
        expanded.append(START);
        at += ESCAPED_START.length();
      } else if (value.startsWith(START, at)) {
        int end = value.indexOf('}', at);
        if (end < 0) {
          throw new Unexpandable(
              at, "'%s' has no closing '}'".formatted(value.substring(at).strip()));
        }
        expanded.append(resolve(value.substring(at + START.length(), end), at));
        at = end + 1;
      } else {
        expanded.append(value.charAt(at));
        at++;
      }
    }
    return expanded.toString();
  }

  /** The value of {@code body}, the text between <code>${env:</code> and <code>}</code>. */
  private String resolve(String body, int offset) throws Unexpandable {
    int dash = body.indexOf(":-");
    String name = dash < 0 ? body : body.substring(0, dash);
    if (!NAME.matcher(name).matches()) {
      throw new Unexpandable(
          offset,
          "'${env:%s}' does not name an environment variable (letters, digits and '_', not"
                  .formatted(body)
              + " starting with a digit)");
    }
    String value = environment.get(name);
    if (dash >= 0) {
      return value == null || value.isEmpty() ? body.substring(dash + 2) : value;
    }
    if (value == null) {
      throw new Unexpandable(
          offset,
          "environment variable '%s' is not set (set it, or give a default: ${env:%s:-VALUE})"
              .formatted(name, name));
    }
    return value;
  }
}
