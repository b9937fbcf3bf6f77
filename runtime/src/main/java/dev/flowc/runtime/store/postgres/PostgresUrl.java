package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.jdbcurlresolver.PgPassParser;

/**
 * A {@code jdbc:postgresql:} URL taken apart: where it points, whom as, and the password, which is
 * kept apart from everything that may be shown ({@link #masked}).
 *
 * <p>The password is the URL's, else {@code PGPASSWORD}'s, else the matching line of libpq's
 * password file ({@code PGPASSFILE} or {@code ~/.pgpass}, read by pgjdbc's own {@code PgPassParser}
 * with libpq's rules), else the first line of the password file the user named.
 */
record PostgresUrl(
    String masked, String host, int port, String database, String user, String password) {

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&])password=[^&]*(&|$)");

  @Override
  public String toString() {
    return masked;
  }

  /** The URL without its password: what messages and logs may show. */
  static String mask(String url) {
    String masked = url;
    while (true) {
      var matcher = PASSWORD_PARAM.matcher(masked);
      if (!matcher.find()) {
        break;
      }
      String separator = matcher.group(1);
      String next = matcher.group(2);
      masked =
          masked.substring(0, matcher.start())
              + (next.isEmpty() ? "" : separator)
              + masked.substring(matcher.end());
    }
    return masked;
  }

  static PostgresUrl parse(String url, Path passwordFile) {
    return parse(url, passwordFile, System::getenv);
  }

  static PostgresUrl parse(String url, Path passwordFile, Function<String, String> environment) {
    String masked = mask(url);
    Properties parsed = Driver.parseURL(masked, new Properties());
    if (parsed == null) {
      throw new IllegalArgumentException("'%s' is not a PostgreSQL JDBC URL".formatted(masked));
    }
    String host = PGProperty.PG_HOST.getOrDefault(parsed);
    String portText = PGProperty.PG_PORT.getOrDefault(parsed);
    String database = PGProperty.PG_DBNAME.getOrDefault(parsed);
    String user = PGProperty.USER.getOrDefault(parsed);
    if (user == null || user.isEmpty()) {
      user = System.getProperty("user.name");
    }
    int port;
    try {
      port = Integer.parseInt(portText.split(",")[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'%s' has no valid port".formatted(masked));
    }
    host = host.split(",")[0];
    String password = null;
    Properties withPassword = Driver.parseURL(url, new Properties());
    if (withPassword != null && !url.equals(masked)) {
      password = PGProperty.PASSWORD.getOrDefault(withPassword);
    }
    if (password == null) {
      String fromEnvironment = environment.apply("PGPASSWORD");
      if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
        password = fromEnvironment;
      }
    }
    if (password == null) {
      password = PgPassParser.getPassword(host, String.valueOf(port), database, user);
      if (password != null && password.isEmpty()) {
        password = null;
      }
    }
    if (password == null && passwordFile != null) {
      password = readPasswordFile(passwordFile, masked);
    }
    return new PostgresUrl(masked, host, port, database, user, password);
  }

  private static String readPasswordFile(Path file, String masked) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      String line = newline < 0 ? text : text.substring(0, newline);
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    } catch (IOException e) {
      throw new StoreException(
          "cannot open store '%s': cannot read the password file '%s' (%s)"
              .formatted(masked, file, e.getClass().getSimpleName()));
    }
  }

  /** Where the server is, for messages: {@code host:port}. */
  String address() {
    return host + ":" + port;
  }
}
