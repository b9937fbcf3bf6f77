package dev.flowc.runtime.store.postgres;

import dev.flowc.runtime.store.jdbc.WriteTx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * New jobs inserted by one statement that takes their ids from the jobs' sequence too, and returns
 * them as one row: {@code INSERT INTO jobs (id, ...) SELECT nextval(...), ?, u.input FROM unnest(?)
 * AS u(input)}. A call of independent jobs is one round trip, where reserving the ids and then
 * loading the rows with {@code COPY} was two (docs/performance.md).
 *
 * <p>A value that every row has in a column (the jobs of one {@code enqueueAll} mostly differ only
 * in their input) is sent once, as a plain parameter; the others as one array per column, in
 * binary, which neither side escapes or parses as text; a column null in every row is left out, to
 * its default (null). Which columns are shared or left out is the statement's shape: at most {@link
 * #MAX_SHAPES} shapes with shared values are ever prepared, other calls send every column that is
 * not left out as an array.
 */
final class NewJobsInsert {
  /**
   * The most rows of one statement. Larger calls reserve their ids, then stream their rows with
   * {@code COPY}, which the server takes in while the client still encodes, in bounded memory: at
   * 100,000 rows the one statement cost the server more CPU than the ids and the {@code COPY}
   * (docs/performance.md).
   */
  static final int MAX_ROWS = 10_000;

  /** Shapes with shared values, beyond those that share none. */
  static final int MAX_SHAPES = 16;

  // By columns and shape: the statement's text, made once (the driver's cache of prepared
  // statements is keyed by the text).
  private static final Map<String, String> STATEMENTS = new ConcurrentHashMap<>();
  // The shapes with shared values taken so far, by columns.
  private static final Set<String> SHAPES = ConcurrentHashMap.newKeySet();

  // What a column is in one call's statement.
  private static final byte PER_ROW = 0;
  private static final byte SHARED = 1;
  private static final byte LEFT_OUT = 2;

  private NewJobsInsert() {}

  /**
   * Inserts {@code rows} (values in the order of {@code columns}, which starts with {@code id},
   * whose values are ignored) and the rows of {@code newQueues} where missing, and returns the
   * jobs' ids, increasing, in the rows' order.
   */
  static long[] insert(
      WriteTx tx, List<String> columns, List<Object[]> rows, Collection<String> newQueues)
      throws SQLException {
    int count = rows.size();
    long[] ids = new long[count];
    if (count == 0) {
      return ids;
    }
    byte[] kinds = kinds(columns.size(), rows);
    boolean addsQueues = !newQueues.isEmpty();
    String key = String.join(",", columns) + '\u0000' + shape(kinds) + addsQueues;
    String sql = STATEMENTS.get(key);
    if (sql == null) {
      if (hasShared(kinds) && !SHAPES.contains(key) && SHAPES.size() >= MAX_SHAPES) {
        for (int c = 1; c < kinds.length; c++) {
          kinds[c] = kinds[c] == SHARED ? PER_ROW : kinds[c];
        }
        key = String.join(",", columns) + '\u0000' + shape(kinds) + addsQueues;
      } else if (hasShared(kinds)) {
        SHAPES.add(key);
      }
      byte[] shape = kinds;
      sql = STATEMENTS.computeIfAbsent(key, k -> statement(columns, shape, addsQueues));
    }
    PreparedStatement statement = tx.prepare(sql);
    Object[] first = rows.get(0);
    int parameter = 1;
    if (addsQueues) {
      statement.setObject(parameter++, newQueues.toArray(String[]::new));
    }
    for (int c = 1; c < kinds.length; c++) {
      if (kinds[c] == SHARED) {
        bindValue(statement, parameter++, first[c]);
      }
    }
    boolean perRow = false;
    for (int c = 1; c < kinds.length; c++) {
      if (kinds[c] == PER_ROW) {
        statement.setObject(parameter++, column(rows, c));
        perRow = true;
      }
    }
    if (!perRow) {
      statement.setInt(parameter, count);
    }
    try (ResultSet result = statement.executeQuery()) {
      result.next();
      PostgresDialect.readIds(result.getString(1), ids);
    }
    // nextval runs in the rows' order (see statement); the aggregate's order is not promised.
    Arrays.sort(ids);
    return ids;
  }

  /** Each column's kind in this call: shared by every row, null in every row, or per row. */
  private static byte[] kinds(int width, List<Object[]> rows) {
    byte[] kinds = new byte[width];
    Object[] first = rows.get(0);
    int count = rows.size();
    for (int c = 1; c < width; c++) {
      Object value = first[c];
      boolean shared = true;
      for (int r = 1; r < count && shared; r++) {
        shared = Objects.equals(value, rows.get(r)[c]);
      }
      kinds[c] = !shared ? PER_ROW : value == null ? LEFT_OUT : SHARED;
    }
    return kinds;
  }

  private static boolean hasShared(byte[] kinds) {
    for (byte kind : kinds) {
      if (kind == SHARED) {
        return true;
      }
    }
    return false;
  }

  private static String shape(byte[] kinds) {
    StringBuilder shape = new StringBuilder(kinds.length);
    for (byte kind : kinds) {
      shape.append((char) ('0' + kind));
    }
    return shape.toString();
  }

  /**
   * The statement of one shape. Its parameters: the names of the queues to add when it {@code
   * addsQueues}, the shared values in the columns' order, then one array per column that differs
   * between rows, or the number of rows when none does. A queue's row is added in the same
   * statement, so that a call refused stores nothing; {@code ON CONFLICT DO NOTHING} leaves a row
   * that is there, its limits included, as it is.
   *
   * <p>The rows come out of {@code unnest} in the arrays' order and {@code nextval} is evaluated as
   * each is produced, so the ids increase in the rows' order (an {@code INSERT} never runs in
   * parallel); sorting them on the server cost 0.3 ms of its CPU per 1,000 rows. The sequence is
   * looked up once per statement (see {@link PostgresDialect}'s {@code RESERVE_IDS}).
   */
  static String statement(List<String> columns, byte[] kinds, boolean addsQueues) {
    StringBuilder names = new StringBuilder("id");
    StringBuilder values = new StringBuilder("nextval(s.seq)");
    StringBuilder arrays = new StringBuilder();
    StringBuilder aliases = new StringBuilder();
    for (int c = 1; c < kinds.length; c++) {
      if (kinds[c] == LEFT_OUT) {
        continue;
      }
      names.append(", ").append(columns.get(c));
      if (kinds[c] == SHARED) {
        values.append(", ?");
      } else {
        values.append(", u.").append(columns.get(c));
        arrays.append(arrays.length() == 0 ? "?" : ", ?");
        aliases.append(aliases.length() == 0 ? "" : ", ").append(columns.get(c));
      }
    }
    String source =
        arrays.length() == 0
            ? "generate_series(1, ?) AS u(n)"
            : "unnest(" + arrays + ") AS u(" + aliases + ")";
    return "WITH "
        + (addsQueues
            ? "added_queues AS (INSERT INTO queues (name) SELECT unnest(?::text[])"
                + " ON CONFLICT (name) DO NOTHING), "
            : "")
        + "new_jobs AS (INSERT INTO jobs ("
        + names
        + ") SELECT "
        + values
        + " FROM (SELECT pg_get_serial_sequence('jobs', 'id')::regclass AS seq OFFSET 0) s, "
        + source
        + " RETURNING id) SELECT array_agg(id)::text FROM new_jobs";
  }

  private static void bindValue(PreparedStatement statement, int index, Object value)
      throws SQLException {
    if (value instanceof String text) {
      statement.setString(index, text);
    } else if (value instanceof Long number) {
      statement.setLong(index, number);
    } else {
      statement.setInt(index, (Integer) value);
    }
  }

  /**
   * Column {@code c} of {@code rows} as an array the driver sends in binary: {@code long[]} or
   * {@code int[]} when no row is null, else boxed; {@code String[]} for text.
   */
  private static Object column(List<Object[]> rows, int c) {
    int count = rows.size();
    Object sample = null;
    boolean nulls = false;
    for (int r = 0; r < count; r++) {
      Object value = rows.get(r)[c];
      if (value == null) {
        nulls = true;
      } else if (sample == null) {
        sample = value;
      }
    }
    if (sample instanceof String) {
      String[] texts = new String[count];
      for (int r = 0; r < count; r++) {
        texts[r] = (String) rows.get(r)[c];
      }
      return texts;
    }
    if (sample instanceof Long) {
      if (nulls) {
        Long[] numbers = new Long[count];
        for (int r = 0; r < count; r++) {
          numbers[r] = (Long) rows.get(r)[c];
        }
        return numbers;
      }
      long[] numbers = new long[count];
      for (int r = 0; r < count; r++) {
        numbers[r] = (Long) rows.get(r)[c];
      }
      return numbers;
    }
    if (nulls) {
      Integer[] numbers = new Integer[count];
      for (int r = 0; r < count; r++) {
        numbers[r] = (Integer) rows.get(r)[c];
      }
      return numbers;
    }
    int[] numbers = new int[count];
    for (int r = 0; r < count; r++) {
      numbers[r] = (Integer) rows.get(r)[c];
    }
    return numbers;
  }
}
