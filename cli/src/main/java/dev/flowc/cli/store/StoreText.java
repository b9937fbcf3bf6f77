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
