package dev.flowc.compiler.diagnostic;

import java.util.Locale;

/** How bad a diagnostic is. Errors stop lowering; warnings fail a check only with --strict. */
public enum Severity {
  ERROR,
  WARNING;

  /** The lower-case name used in every output format. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
