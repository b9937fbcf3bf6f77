package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.StoreException;
import java.sql.SQLException;
import java.time.Duration;
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

  /** {@code 30s}, {@code 2m}, {@code 1500ms}: a duration in the largest unit that divides it. */
  static String describe(Duration duration) {
    long millis = duration.toMillis();
    long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis != 0 && millis % sizes[i] == 0) {
        return millis / sizes[i] + units[i];
      }
    }
    return millis + "ms";
  }

  private static String reason(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      // The driver reports extended codes (SQLITE_READONLY_DIRECTORY, SQLITE_IOERR_WRITE...):
      // the primary code is the first two words of the name.
      String[] words = sqlite.getResultCode().name().split("_");
      String primary = words.length < 2 ? words[0] : words[0] + "_" + words[1];
      switch (primary) {
        case "SQLITE_NOTADB":
          return "the file is not a flowc store (not a SQLite database)";
        case "SQLITE_CORRUPT":
          return "the database file is corrupt";
        case "SQLITE_READONLY":
          return "the file is read-only";
        case "SQLITE_CANTOPEN":
          return "the file cannot be opened (check the directory exists and is writable)";
        case "SQLITE_FULL":
          return "the disk is full";
        case "SQLITE_IOERR":
          return "an I/O error occurred";
        default:
          if (isBusy(e)) {
            Duration waited = LockWait.takeGaveUp();
            return waited == null
                ? "the database is locked by another process"
                : "the database is locked by another process (gave up after %s)"
                    .formatted(describe(waited));
          }
      }
    }
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
