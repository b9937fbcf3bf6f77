package dev.flowc.cli.init;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of {@code flowc init}, kept as a resource of the jar beside this class, with {@code
 * {{name}}} placeholders. The resources are not filtered by Maven, so their {@code ${...}} reach
 * the files made.
 */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");

  private Template() {}

  /** The resource {@code name} (relative to this package) with its placeholders filled. */
  static String render(String name, Map<String, String> values) {
    String text = read(name);
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder rendered = new StringBuilder(text.length());
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException(
            "template " + name + " has no value for " + matcher.group());
      }
      matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(rendered);
    return rendered.toString();
  }

  /** The versions a made project pins: flowc's own build's. */
  static Map<String, String> buildVersions() {
    Properties properties = new Properties();
    try (InputStream in = stream("build-versions.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> versions = new java.util.TreeMap<>();
    properties.forEach((key, value) -> versions.put((String) key, (String) value));
    return versions;
  }

  private static String read(String name) {
    try (InputStream in = stream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream stream(String name) {
    InputStream in = Template.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("flowc's jar has no template " + name);
    }
    return in;
  }
}
