package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.store.jdbc.BulkLoader;
import dev.flowc.runtime.store.jdbc.WriteTx;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows inserted into one table as multi-row {@code INSERT ... VALUES (...), (...)} statements, in
 * chunks of {@link #CHUNKS} rows, so that only that many statement texts are ever prepared per
 * table and columns. One statement per row cost a reset, a step and the statement's start for every
 * row; on the user's path with {@code enqueueAll} the inserts were a third of the writer's time
 * (issue 10), and a row in a statement of many costs about two thirds of a row alone.
 *
 * <p>Rows are held until a full chunk is there and sent in the order they were added; {@link
 * #finish} sends the rest. Unlike PostgreSQL's {@code COPY}, nothing holds the connection between
 * two chunks.
 */
final class ValuesLoader implements BulkLoader {
  /** The chunk sizes, largest first; the last is 1, so any number of rows is sent exactly. */
  static final int[] CHUNKS = {256, 64, 16, 4, 1};

  /** SQLite's default limit of bound parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER). */
  static final int MAX_PARAMETERS = 32_766;

  // By table, columns and rows: the statement's text, made once (the cache of prepared statements
  // is keyed by it, and a text that is the same object is found without comparing its characters).
  private static final Map<String, String> STATEMENTS = new ConcurrentHashMap<>();

  private final WriteTx tx;
  private final String table;
  private final List<String> columns;
  private final String key;
  private final int largest;
  private final List<Object[]> rows = new ArrayList<>();

  ValuesLoader(WriteTx tx, String table, List<String> columns) {
    this.tx = tx;
    this.table = table;
    this.columns = List.copyOf(columns);
    this.key = table + '\u0000' + String.join(",", columns) + '\u0000';
    int fits = 1;
    for (int size : CHUNKS) {
      if (size * this.columns.size() <= MAX_PARAMETERS) {
        fits = size;
        break;
      }
    }
    this.largest = fits;
  }

  /** The statement inserting {@code rows} rows of {@code columns} into {@code table}. */
  static String statement(String table, List<String> columns, int rows) {
    String row = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") VALUES "
        + String.join(", ", Collections.nCopies(rows, row));
  }

  @Override
  public void add(Object... values) throws SQLException {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          values.length + " values for " + columns.size() + " columns of " + table);
    }
    rows.add(values);
    if (rows.size() == largest) {
      send();
    }
  }

  @Override
  public void finish() throws SQLException {
    send();
  }

  @Override
  public void cancel() {
    rows.clear();
  }

  /** Sends every row held, in the largest chunks that fit, in order. */
  private void send() throws SQLException {
    int from = 0;
    while (from < rows.size()) {
      int size = chunk(rows.size() - from);
      insert(from, size);
      from += size;
    }
    rows.clear();
  }

  /** The largest chunk that is not more than {@code left} rows (and fits the parameter limit). */
  private int chunk(int left) {
    for (int size : CHUNKS) {
      if (size <= largest && size <= left) {
        return size;
      }
    }
    return 1;
  }

  private void insert(int from, int size) throws SQLException {
    String sql = STATEMENTS.computeIfAbsent(key + size, unused -> statement(table, columns, size));
    PreparedStatement insert = tx.prepare(sql);
    int index = 1;
    for (int r = from; r < from + size; r++) {
      for (Object value : rows.get(r)) {
        if (value == null) {
          insert.setNull(index, Types.NULL);
        } else if (value instanceof Long number) {
          insert.setLong(index, number);
        } else if (value instanceof Integer number) {
          insert.setInt(index, number);
        } else {
          insert.setString(index, (String) value);
        }
        index++;
      }
    }
    insert.executeUpdate();
  }
}
