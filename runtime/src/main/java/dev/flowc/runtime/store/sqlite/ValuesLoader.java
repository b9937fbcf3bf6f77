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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows inserted into one table as multi-row statements, in chunks of {@link #CHUNKS} rows, so that
 * only that many statement texts are prepared per shape. One statement per row cost a reset, a step
 * and the statement's start for every row; on the user's path with {@code enqueueAll} the inserts
 * were a third of the writer's time (issue 10).
 *
 * <p>A value that every row sent together has in a column (the jobs of one {@code enqueueAll}
 * mostly differ only in id and input) is bound once for them all, not once per row: {@code INSERT
 * INTO t (a, b, c) SELECT ?, column1, column2 FROM (VALUES (?, ?), (?, ?), ...)}. Binding a value
 * is a call into the driver and SQLite each; a job has 24 columns. Which columns are shared is the
 * statement's shape: at most {@link #MAX_SHAPES} shapes per table and columns are ever prepared,
 * rows of any other shape bind every value.
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

  /** Shapes with shared values per table and columns, beyond the one that shares none. */
  static final int MAX_SHAPES = 8;

  // By table, columns, shape and rows: the statement's text, made once (the cache of prepared
  // statements is keyed by it, and a text that is the same object is found without comparing it).
  private static final Map<String, String> STATEMENTS = new ConcurrentHashMap<>();
  // By table and columns: the shapes with shared values taken so far.
  private static final Map<String, Set<Long>> SHAPES = new ConcurrentHashMap<>();

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
    this.key = table + '\u0000' + String.join(",", columns);
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
    return statement(table, columns, 0, rows);
  }

  /**
   * The statement inserting {@code rows} rows of {@code columns} into {@code table}, where the
   * columns whose bit is set in {@code shared} take one value for all rows, bound first.
   */
  static String statement(String table, List<String> columns, long shared, int rows) {
    String into = "INSERT INTO " + table + " (" + String.join(", ", columns) + ")";
    if (shared == 0) {
      String row = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
      return into + " VALUES " + String.join(", ", Collections.nCopies(rows, row));
    }
    List<String> select = new ArrayList<>();
    int varying = 0;
    for (int c = 0; c < columns.size(); c++) {
      select.add(isShared(shared, c) ? "?" : "column" + ++varying);
    }
    String row = "(" + String.join(", ", Collections.nCopies(varying, "?")) + ")";
    return into
        + " SELECT "
        + String.join(", ", select)
        + " FROM (VALUES "
        + String.join(", ", Collections.nCopies(rows, row))
        + ")";
  }

  private static boolean isShared(long shared, int column) {
    return (shared & (1L << column)) != 0;
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
    if (rows.isEmpty()) {
      return;
    }
    long shared = shape(shared());
    int from = 0;
    while (from < rows.size()) {
      int size = chunk(rows.size() - from);
      insert(shared, from, size);
      from += size;
    }
    rows.clear();
  }

  /**
   * The columns whose value is the same in every row held, as bits; none for a single row (it binds
   * each value once anyway) or more than 63 columns, and never the first column (a statement needs
   * at least one value per row).
   */
  private long shared() {
    if (rows.size() < 2 || columns.size() > 63) {
      return 0;
    }
    Object[] first = rows.get(0);
    long shared = 0;
    for (int c = 1; c < columns.size(); c++) {
      boolean same = true;
      for (int r = 1; r < rows.size() && same; r++) {
        same = Objects.equals(first[c], rows.get(r)[c]);
      }
      if (same) {
        shared |= 1L << c;
      }
    }
    return shared;
  }

  /** {@code shared} if it is, or may become, one of the table's shapes; else 0 (none shared). */
  private long shape(long shared) {
    if (shared == 0) {
      return 0;
    }
    Set<Long> shapes = SHAPES.computeIfAbsent(key, unused -> ConcurrentHashMap.newKeySet());
    if (shapes.contains(shared)) {
      return shared;
    }
    synchronized (shapes) {
      if (shapes.size() < MAX_SHAPES) {
        shapes.add(shared);
        return shared;
      }
    }
    return 0;
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

  private void insert(long shared, int from, int size) throws SQLException {
    String sql =
        STATEMENTS.computeIfAbsent(
            key + '\u0000' + shared + '\u0000' + size,
            unused -> statement(table, columns, shared, size));
    PreparedStatement insert = tx.prepare(sql);
    int index = 1;
    if (shared != 0) {
      Object[] first = rows.get(from);
      for (int c = 0; c < columns.size(); c++) {
        if (isShared(shared, c)) {
          bind(insert, index++, first[c]);
        }
      }
    }
    for (int r = from; r < from + size; r++) {
      Object[] row = rows.get(r);
      for (int c = 0; c < row.length; c++) {
        if (!isShared(shared, c)) {
          bind(insert, index++, row[c]);
        }
      }
    }
    insert.executeUpdate();
  }

  private static void bind(PreparedStatement insert, int index, Object value) throws SQLException {
    if (value == null) {
      insert.setNull(index, Types.NULL);
    } else if (value instanceof Long number) {
      insert.setLong(index, number);
    } else if (value instanceof Integer number) {
      insert.setInt(index, number);
    } else {
      insert.setString(index, (String) value);
    }
  }
}
