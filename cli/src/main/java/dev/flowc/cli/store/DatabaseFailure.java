package dev.flowc.cli.store;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a PostgreSQL store could not be reached, in a few words for one line: the server refused the
 * connection, the host is unknown, the password was wrong, the database does not exist, it did not
 * answer in time. Read from the exception's causes (the driver's {@link SQLException} and its SQL
 * state, the socket's exception), never from a stack trace.
 */
final class DatabaseFailure {
  private static final Pattern SEVERITY = Pattern.compile("^(?:FATAL|ERROR|PANIC):\\s*");
  private static final Pattern ADDRESS =
      Pattern.compile("(?i)^(?:jdbc:)?postgres(?:ql)?://(?:[^@/?#]*@)?([^/?#]*)(?:/([^?#]*))?");

  private DatabaseFailure() {}

  /**
   * Why {@code failure} happened when it was a failure to connect, log in or find the database;
   * empty for any other failure (the store's own message says it better).
   */
  static Optional<String> connectionReason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException unknown) {
        return Optional.of("unknown host '%s'".formatted(firstLine(unknown.getMessage())));
      }
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
        String reason = lowerFirst(firstLine(cause.getMessage()));
        return Optional.of(
            reason.startsWith("connection refused")
                ? "connection refused (is PostgreSQL running and listening there?)"
                : reason);
      }
      if (cause instanceof SocketTimeoutException) {
        return Optional.of(timedOut());
      }
    }
    SQLException sql = deepestSqlException(failure);
    if (sql == null) {
      return Optional.empty();
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    String message = serverMessage(sql);
    if (state.equals("08004") && message.toLowerCase(Locale.ROOT).contains("no password")) {
      return Optional.of(
          "the server asks for a password and none was given (in the URL, PGPASSWORD, ~/.pgpass"
              + " or password_file)");
    }
    if (state.startsWith("08") && message.toLowerCase(Locale.ROOT).contains("timed out")) {
      return Optional.of(timedOut());
    }
    if (state.startsWith("08")
        || state.startsWith("28")
        || state.equals("3D000")
        || state.startsWith("57P")
        || state.equals("53300")) {
      return Optional.of(message);
    }
    return Optional.empty();
  }

  /**
   * {@code host:port/database} of a PostgreSQL URL, for messages; the port is PostgreSQL's 5432
   * when the URL names none. Several hosts stay as written ({@code a:5432,b:5432/db}).
   */
  static String address(String url) {
    Matcher address = ADDRESS.matcher(url.strip());
    if (!address.find()) {
      return StoreText.mask(url);
    }
    String hosts = address.group(1).isEmpty() ? "localhost" : address.group(1);
    if (!hosts.contains(",") && !hosts.matches(".*:\\d+$")) {
      hosts = hosts + ":5432";
    }
    String database = address.group(2) == null ? "" : address.group(2);
    return hosts + "/" + database;
  }

  private static String timedOut() {
    return "no answer in time (is the host up and the port open to this machine?)";
  }

  private static SQLException deepestSqlException(Throwable failure) {
    SQLException deepest = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        deepest = sql;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return deepest;
  }

  /** The server's or driver's message, without its severity and its advice to read the logs. */
  private static String serverMessage(SQLException sql) {
    String message = SEVERITY.matcher(firstLine(sql.getMessage())).replaceFirst("");
    return lowerFirst(message.replaceAll("\\.$", ""));
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.strip().lines().findFirst().orElse("").strip();
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
