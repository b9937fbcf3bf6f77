package dev.flowc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code flowc --version}: the version and the commit Maven wrote into the jar. */
public final class FlowcVersion implements CommandLine.IVersionProvider {
  private static final String UNKNOWN = "unknown";

  /** The version of this build, Maven's: {@code 0.1.0-SNAPSHOT} when built from the sources. */
  public static String current() {
    return built().getProperty("version", UNKNOWN);
  }

  /**
   * The commit this build was made from, abbreviated ({@code 420fc10}), followed by {@code with
   * local changes} when the working tree differed from it; {@code unknown} when the sources were
   * not a git checkout (or the resources were not filtered by Maven, as in some IDE builds).
   */
  public static String commit() {
    return commit(built());
  }

  /** The commit as {@link #commit()} says it, from the properties the build wrote. */
  static String commit(Properties built) {
    String commit = built.getProperty("commit", UNKNOWN);
    if (commit.isBlank() || commit.startsWith("${")) {
      return UNKNOWN;
    }
    return Boolean.parseBoolean(built.getProperty("dirty"))
        ? commit + " with local changes"
        : commit;
  }

  private static Properties built() {
    Properties properties = new Properties();
    try (InputStream in = FlowcVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // The jar is damaged: say "unknown" rather than fail --version.
    }
    return properties;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"flowc %s (commit %s)".formatted(current(), commit())};
  }
}
