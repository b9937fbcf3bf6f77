package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.StoreException;
import java.sql.SQLException;

/** Turns PostgreSQL's and the driver's errors into one line a user can act on. */
final class PostgresErrors {
  private PostgresErrors() {}

  /** Serialization failure, deadlock detected: the transaction may be run again as it is. */
  static boolean isRetryable(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state);
  }

  /** The connection is gone or could not be made (SQLState class 08, or the driver's I/O). */
  static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  static StoreException translate(String location, String doing, SQLException e) {
    return new StoreException("cannot %s store '%s': %s".formatted(doing, location, reason(e)), e);
  }

  /** The first line of the error, with no stack and no password (the URL is never in it). */
  static String reason(Throwable e) {
    Throwable cause = e;
    String message = cause.getMessage();
    // Hikari wraps the driver's error; the driver's says what went wrong.
    while ((message == null
            || message.isBlank()
            || cause instanceof java.lang.reflect.InvocationTargetException)
        && cause.getCause() != null) {
      cause = cause.getCause();
      message = cause.getMessage();
    }
    if (message == null || message.isBlank()) {
      message = cause.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message.strip() : message.substring(0, newline).strip();
  }
}
