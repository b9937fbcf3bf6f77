package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.store.jdbc.BulkLoader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows sent with {@code COPY ... FROM STDIN} in PostgreSQL's text format, in chunks of {@link
 * #CHUNK_CHARS} so that a large plan is never held twice in memory. The {@code COPY} starts with
 * the first row and ends at {@link #finish}; nothing else may use the connection in between.
 */
final class CopyLoader implements BulkLoader {
  static final int CHUNK_CHARS = 256 * 1024;

  private final Connection connection;
  private final String sql;
  private final StringBuilder text = new StringBuilder(CHUNK_CHARS + 4096);
  private CopyIn copy;

  CopyLoader(Connection connection, String table, List<String> columns) {
    this.connection = connection;
    this.sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
  }

  @Override
  public void add(Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        text.append('\t');
      }
      Object value = values[i];
      if (value == null) {
        text.append("\\N");
      } else if (value instanceof String string) {
        escape(string);
      } else if (value instanceof Long number) {
        text.append(number.longValue()); // digits written in place, no String per number
      } else {
        text.append(((Integer) value).intValue());
      }
    }
    text.append('\n');
    if (text.length() >= CHUNK_CHARS) {
      send();
    }
  }

  /** Text format: a backslash, tab, newline or carriage return in a value is escaped. */
  private void escape(String value) {
    int length = value.length();
    int first = 0;
    while (first < length && !special(value.charAt(first))) {
      first++;
    }
    if (first == length) {
      text.append(value); // nothing to escape, as most values: copied at once
      return;
    }
    text.append(value, 0, first);
    for (int i = first; i < length; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(c);
      }
    }
  }

  private static boolean special(char c) {
    return c == '\\' || c == '\t' || c == '\n' || c == '\r';
  }

  private void send() throws SQLException {
    if (copy == null) {
      copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    text.setLength(0);
    copy.writeToCopy(bytes, 0, bytes.length);
  }

  @Override
  public void finish() throws SQLException {
    if (text.length() > 0) {
      send();
    }
    if (copy != null) {
      CopyIn done = copy;
      copy = null;
      done.endCopy();
    }
  }

  @Override
  public void cancel() {
    text.setLength(0);
    if (copy != null) {
      CopyIn abandoned = copy;
      copy = null;
      try {
        abandoned.cancelCopy();
      } catch (SQLException ignored) {
        // The transaction is rolled back (or the connection is gone) anyway.
      }
    }
  }
}
