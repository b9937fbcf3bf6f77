package dev.flowc.cli;

import java.util.regex.Pattern;

/**
 * How the user runs flowc, for the commands flowc prints for them to type next ({@code inspect:
 * ./flowc status 1}): the {@code ./flowc} launcher passes how it was invoked in the system property
 * {@value #PROPERTY} ({@code flowc} when it was found on the {@code PATH}, else the path as typed);
 * without it (as {@code java -jar flowc.jar}), {@code flowc}.
 */
public final class CommandName {
  /** The system property the launcher sets. */
  public static final String PROPERTY = "flowc.command";

  /** Characters a shell takes literally in a word. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

  private CommandName() {}

  /** The command to print, quoted for a shell when it needs to be. */
  public static String current() {
    String name = System.getProperty(PROPERTY);
    if (name == null || name.isBlank()) {
      return "flowc";
    }
    return PLAIN.matcher(name).matches() ? name : "'" + name.replace("'", "'\\''") + "'";
  }
}
