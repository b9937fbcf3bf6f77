package dev.flowc.cli.store;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database passwords this process knows of, and their removal from everything flowc prints.
 *
 * <p>Two nets: every password flowc learns (from a store URL, {@code PGPASSWORD}, the pgpass file,
 * a password file) is replaced by {@code ***} wherever it appears, whatever the text around it (a
 * driver's exception message, a stack trace, a log line); and every database URL in a text is shown
 * {@linkplain StoreText#mask masked}, so a password that flowc was never told of is hidden too when
 * it is written as part of a URL. flowc's stdout and stderr go through {@link #scrub} ({@link
 * ScrubbedOutputStream}, {@link ScrubbedWriter}).
 */
public final class Secrets {
  /**
   * Shorter passwords are not replaced: a password of one or two characters occurs in any text, and
   * replacing it everywhere would make every line unreadable while hiding nothing.
   */
  static final int MIN_LENGTH = 3;

  private static final String MASK = "***";
  private static final Pattern DATABASE_URL =
      Pattern.compile("(?i)(?:jdbc:)?postgres(?:ql)?://[^\\s'\"<>`]+");
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)[?&;][a-z0-9_.-]*(?:password|passwd|pwd)[a-z0-9_.-]*=([^&;#]*)");
  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

  /** The known secrets, longest first, so that one containing another is replaced whole. */
  private static volatile List<String> ordered = List.of();

  private Secrets() {}

  /** Hides {@code secret} from now on (ignored when null or shorter than 3 characters). */
  public static void add(String secret) {
    if (secret == null || secret.length() < MIN_LENGTH || !KNOWN.add(secret)) {
      return;
    }
    synchronized (KNOWN) {
      ordered = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
  }

  /**
   * Hides the passwords written in {@code url}: of {@code user:password@host} and of parameters
   * such as {@code password=}, both as written and URL-decoded.
   */
  public static void addFromUrl(String url) {
    if (url == null || !StoreText.isUrl(url)) {
      return;
    }
    Matcher parameter = PASSWORD_PARAMETER.matcher(url);
    while (parameter.find()) {
      addEncoded(parameter.group(1));
    }
    int slashes = url.indexOf("//");
    int at = url.lastIndexOf('@');
    if (slashes >= 0 && at > slashes + 2) {
      String userInfo = url.substring(slashes + 2, at);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        addEncoded(userInfo.substring(colon + 1));
      }
    }
  }

  /**
   * Hides the passwords a PostgreSQL connection of this process may use besides the URL's: {@code
   * PGPASSWORD}, and every password in the pgpass file ({@code PGPASSFILE}, else {@code
   * ~/.pgpass}). A pgpass file that cannot be read hides nothing: the driver cannot read it either.
   */
  public static void addFromEnvironment(Map<String, String> environment) {
    add(environment.get("PGPASSWORD"));
    String passFile = environment.get("PGPASSFILE");
    Path file =
        passFile != null && !passFile.isBlank()
            ? Path.of(passFile)
            : Path.of(System.getProperty("user.home"), ".pgpass");
    try {
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          add(pgpassPassword(line));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable or not UTF-8: the driver fails to use it as well.
    }
  }

  /** The password of one pgpass line ({@code host:port:database:user:password}), or null. */
  static String pgpassPassword(String line) {
    if (line.isBlank() || line.stripLeading().startsWith("#")) {
      return null;
    }
    int field = 0;
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        i++;
        if (field == 4) {
          password.append(line.charAt(i));
        }
      } else if (c == ':' && field < 4) {
        field++;
      } else if (field == 4) {
        password.append(c);
      }
    }
    return field == 4 ? password.toString() : null;
  }

  /** {@code text} with every known secret and every database URL's credentials masked. */
  public static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String scrubbed = text;
    for (String secret : ordered) {
      if (scrubbed.contains(secret)) {
        scrubbed = scrubbed.replace(secret, MASK);
      }
    }
    if (scrubbed.contains("://")) {
      Matcher url = DATABASE_URL.matcher(scrubbed);
      StringBuilder masked = new StringBuilder();
      while (url.find()) {
        url.appendReplacement(masked, Matcher.quoteReplacement(StoreText.mask(url.group())));
      }
      url.appendTail(masked);
      scrubbed = masked.toString();
    }
    return scrubbed;
  }

  private static void addEncoded(String value) {
    add(value);
    try {
      add(URLDecoder.decode(value, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // Not valid percent-encoding: the value as written is the password.
    }
  }

  /** Forgets every secret: for tests only. */
  static void clearForTests() {
    synchronized (KNOWN) {
      KNOWN.clear();
      ordered = List.of();
    }
  }
}
