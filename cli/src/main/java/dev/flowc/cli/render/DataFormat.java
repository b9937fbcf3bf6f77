package dev.flowc.cli.render;

import java.util.Locale;

/** {@code --format} of the commands that print data: a table for people, or JSON for scripts. */
public enum DataFormat {
  TEXT,
  JSON;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
