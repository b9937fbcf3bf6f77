package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.StoreException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns SQLite's errors into one line a user can act on. */
final class SqliteErrors {
  private SqliteErrors() {}

  static StoreException translate(String location, String doing, SQLException e) {
    String why = reason(e);
    return new StoreException("cannot %s store '%s': %s".formatted(doing, location, why), e);
  }

  static boolean isBusy(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      return code == SQLiteErrorCode.SQLITE_BUSY
          || code == SQLiteErrorCode.SQLITE_LOCKED
          || code.name().startsWith("SQLITE_BUSY");
    }
    return false;
  }

  private static String reason(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      switch (code) {
        case SQLITE_NOTADB:
          return "the file is not a flowc store (not a SQLite database)";
        case SQLITE_CORRUPT:
          return "the database file is corrupt";
        case SQLITE_READONLY:
          return "the file is read-only";
        case SQLITE_CANTOPEN:
          return "the file cannot be opened (check the directory exists and is writable)";
        case SQLITE_FULL:
          return "the disk is full";
        case SQLITE_IOERR:
          return "an I/O error occurred";
        default:
          if (isBusy(e)) {
            return "the database is locked by another process";
          }
      }
    }
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
