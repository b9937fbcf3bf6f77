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

  /** A deadlock that PostgreSQL broke by failing this transaction (SQLState 40P01). */
  static boolean isDeadlock(SQLException e) {
    return "40P01".equals(e.getSQLState());
  }

  /**
   * The connection is gone or could not be made: SQLState class 08, the server shutting down or
   * terminating it (57P), or the pool finding no connection in time; looked for along the causes.
   */
  static boolean isConnectionLost(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLTransientConnectionException
          || cause instanceof java.net.SocketException
          || cause instanceof java.io.EOFException) {
        return true;
      }
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  static StoreException translate(String location, String doing, SQLException e) {
    return new StoreException("cannot %s store '%s': %s".formatted(doing, location, reason(e)), e);
  }

  /**
   * What went wrong, in one line, with no stack and no password (the URL is never in it): the
   * network's reason when there is one (unknown host, no answer in time), else the driver's or the
   * server's message rather than the pool's wrapper around it.
   */
  static String reason(Throwable e) {
    Throwable driver = null;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.UnknownHostException) {
        return "unknown host " + cause.getMessage();
      }
      if (cause instanceof java.net.SocketTimeoutException) {
        return "the server did not answer in time";
      }
      if (driver == null && cause instanceof SQLException sql && sql.getSQLState() != null) {
        driver = cause;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    Throwable chosen = driver != null ? driver : e;
    String message = chosen.getMessage();
    if (message == null || message.isBlank()) {
      message = chosen.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message.strip() : message.substring(0, newline).strip();
  }
}
