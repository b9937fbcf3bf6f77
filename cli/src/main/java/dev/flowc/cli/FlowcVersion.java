package dev.flowc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code flowc --version}: the version Maven wrote into the jar. */
public final class FlowcVersion implements CommandLine.IVersionProvider {
  /** The version of this build, Maven's: {@code 0.1.0-SNAPSHOT} when built from the sources. */
  public static String current() {
    try (InputStream in = FlowcVersion.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"flowc " + current()};
  }
}
