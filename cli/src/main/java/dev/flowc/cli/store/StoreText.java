package dev.flowc.cli.store;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a store string names ({@code --store}, {@code store} of flowc.yaml): a database URL in any
 * spelling a user may type, or else a SQLite file path; and how a URL is shown without its
 * credentials.
 */
public final class StoreText {
  // A scheme of two letters or more: "C:\\jobs.db" is a Windows path, not a URL.
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)([?&;][a-z0-9_.-]*(?:password|passwd|pwd|secret|token)[a-z0-9_.-]*=)[^&;#]*");

  /** What kind of database a URL names. */
  public enum UrlKind {
    /** {@code jdbc:postgresql:}, {@code postgresql://}, {@code postgres://}. */
    POSTGRESQL,
    /** {@code jdbc:sqlite:}, {@code sqlite:}, {@code file:}: a SQLite file spelled as a URL. */
    SQLITE,
    /** Any other {@code jdbc:} or {@code scheme://}. */
    OTHER
  }

  private StoreText() {}

  /** Whether {@code text} is a URL rather than a path (and so must never be used as one). */
  public static boolean isUrl(String text) {
    return urlKind(text) != null;
  }

  /** The kind of URL {@code text} is, or {@code null} when it is a path. */
  public static UrlKind urlKind(String text) {
    Matcher scheme = SCHEME.matcher(text.strip());
    if (!scheme.find()) {
      return null;
    }
    String name = scheme.group(1).toLowerCase(Locale.ROOT);
    String rest = text.strip().substring(scheme.end()).toLowerCase(Locale.ROOT);
    if (name.equals("jdbc")) {
      if (rest.startsWith("postgresql:")) {
        return UrlKind.POSTGRESQL;
      }
      return rest.startsWith("sqlite:") ? UrlKind.SQLITE : UrlKind.OTHER;
    }
    return switch (name) {
      case "postgres", "postgresql" -> UrlKind.POSTGRESQL;
      case "sqlite", "file" -> UrlKind.SQLITE;
      default -> rest.startsWith("//") ? UrlKind.OTHER : null;
    };
  }

  /**
   * The JDBC URL of a PostgreSQL store: {@code jdbc:postgresql:...} as written (but for {@code
   * user:password@}, which the driver does not read, made parameters as below); a libpq URI ({@code
   * postgresql://user:password@host:port/database?sslmode=require}, or {@code postgres://}) as the
   * same JDBC URL ({@code jdbc:postgresql://host:port/database?sslmode=require&user=user&password=
   * password}), its parts still percent-encoded as written (the driver decodes them).
   *
   * @throws IllegalArgumentException when {@code url} is not a PostgreSQL URL
   */
  public static String jdbcUrl(String url) {
    String text = url.strip();
    if (urlKind(text) != UrlKind.POSTGRESQL) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + mask(text));
    }
    boolean jdbc = text.regionMatches(true, 0, "jdbc:", 0, 5);
    int slashes = text.indexOf("//");
    if (jdbc && (slashes < 0 || !hasUserInfo(text.substring(slashes + 2)))) {
      return text;
    }
    if (slashes < 0) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + mask(text));
    }
    String rest = text.substring(slashes + 2);
    int pathStart = indexOfAny(rest, "/?#");
    String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
    String tail = pathStart < 0 ? "" : rest.substring(pathStart);
    java.util.List<String> credentials = new java.util.ArrayList<>();
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      if (!user.isEmpty()) {
        credentials.add("user=" + user);
      }
      if (colon >= 0) {
        credentials.add("password=" + userInfo.substring(colon + 1));
      }
    }
    if (authority.isEmpty()) {
      authority = "localhost";
    }
    int fragment = tail.indexOf('#');
    if (fragment >= 0) {
      tail = tail.substring(0, fragment);
    }
    if (!tail.startsWith("/")) {
      tail = "/" + tail;
    }
    String joined = String.join("&", credentials);
    if (!joined.isEmpty()) {
      tail = tail + (tail.contains("?") ? (tail.endsWith("?") ? "" : "&") : "?") + joined;
    }
    return "jdbc:postgresql://" + authority + tail;
  }

  /** Whether the authority ({@code user:password@host:port}) of a URL's rest names a user. */
  private static boolean hasUserInfo(String rest) {
    int end = indexOfAny(rest, "/?#");
    String authority = end < 0 ? rest : rest.substring(0, end);
    return authority.contains("@");
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code url} with every credential replaced by {@code ***}: the password of {@code
   * user:password@host} (which ends at the last {@code @}, so a password may contain {@code @}),
   * and parameters such as {@code password=}, {@code sslpassword=} or {@code token=}. When unsure
   * where a password ends, more is hidden rather than less.
   */
  public static String mask(String url) {
    String masked = url;
    int slashes = masked.indexOf("//");
    int at = masked.lastIndexOf('@');
    if (slashes >= 0 && at > slashes + 2) {
      int start = slashes + 2;
      String userInfo = masked.substring(start, at);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        masked = masked.substring(0, start + colon) + ":***" + masked.substring(at);
      }
    }
    return SECRET_PARAMETER.matcher(masked).replaceAll("$1***");
  }
}
