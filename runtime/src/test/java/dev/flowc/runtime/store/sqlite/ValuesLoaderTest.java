package dev.flowc.runtime.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowc.runtime.store.jdbc.WriteTx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows loaded as multi-row {@code INSERT}s are the rows a one-row {@code INSERT} each would store,
 * in the same order, for any number of rows: checked on real files, one loaded each way.
 */
class ValuesLoaderTest {
  private static final List<String> COLUMNS = List.of("id", "name", "n", "big", "note");
  private static final String TABLE =
      "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER, big INTEGER,"
          + " note TEXT, seq INTEGER)";
  // Which row came in which order: a trigger numbers them as they are inserted.
  private static final String NUMBERING =
      "CREATE TRIGGER t_seq AFTER INSERT ON t BEGIN"
          + " UPDATE t SET seq = (SELECT count(*) FROM t) WHERE id = NEW.id; END";

  @TempDir Path dir;

  @Test
  void any_number_of_rows_is_stored_as_one_row_inserts_store_it_in_the_same_order()
      throws Exception {
    for (int count : new int[] {0, 1, 3, 4, 5, 17, 70, 255, 256, 257, 333, 1000}) {
      List<Object[]> rows = rows(count);
      List<List<Object>> expected = oneByOne(dir.resolve("one-" + count + ".db"), rows);
      List<List<Object>> loaded = loaded(dir.resolve("loaded-" + count + ".db"), rows);
      assertThat(loaded).as("%d rows", count).hasSize(count).isEqualTo(expected);
    }
  }

  @Test
  void values_shared_by_the_rows_sent_together_are_stored_as_one_row_inserts_store_them()
      throws Exception {
    for (int count : new int[] {2, 5, 256, 300, 1000}) {
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        // Only the id and the number differ, as in the jobs of one enqueueAll; one null is shared.
        rows.add(new Object[] {(long) i + 1, "same", i, 7L, null});
      }
      assertThat(loaded(dir.resolve("shared-" + count + ".db"), rows))
          .as("%d rows", count)
          .hasSize(count)
          .isEqualTo(oneByOne(dir.resolve("shared-one-" + count + ".db"), rows));
    }
  }

  @Test
  void rows_of_more_shapes_than_are_prepared_are_stored_all_the_same() throws Exception {
    // A table of its own: the shapes taken are counted per table and columns.
    List<String> columns = List.of("id", "a", "b", "c", "d");
    List<Object[]> all = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE shapes (id INTEGER PRIMARY KEY, a, b, c, d)");
      WriteTx tx = tx(connection);
      // 16 loads, each sharing a different set of columns among a, b, c and d.
      for (int shape = 0; shape < 16; shape++) {
        ValuesLoader loader = new ValuesLoader(tx, "shapes", columns);
        for (int r = 0; r < 3; r++) {
          long id = all.size() + 1;
          Object[] row = new Object[5];
          row[0] = id;
          for (int c = 1; c <= 4; c++) {
            row[c] = (shape & (1 << (c - 1))) != 0 ? "shared" + c : "own" + id + "-" + c;
          }
          loader.add(row);
          all.add(row);
        }
        loader.finish();
      }
      List<List<Object>> stored = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery("SELECT id, a, b, c, d FROM shapes ORDER BY id")) {
        while (rows.next()) {
          stored.add(
              List.of(
                  rows.getLong(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5)));
        }
      }
      List<List<Object>> expected = new ArrayList<>();
      for (Object[] row : all) {
        expected.add(List.of(row));
      }
      assertThat(stored).isEqualTo(expected);
    }
  }

  @Test
  void rows_are_cut_into_the_largest_chunks_and_a_wide_row_into_chunks_that_fit_the_limit() {
    assertThat(ValuesLoader.statement("t", List.of("a", "b"), 2))
        .isEqualTo("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)");
    assertThat(ValuesLoader.statement("t", List.of("a", "b", "c"), 0b110, 2))
        .isEqualTo("INSERT INTO t (a, b, c) SELECT column1, ?, ? FROM (VALUES (?), (?))");
    // 200 columns: 256 rows would bind 51,200 parameters, more than SQLite takes.
    List<String> wide = Collections.nCopies(200, "c");
    assertThat(largestChunk(wide)).isEqualTo(64);
    assertThat(largestChunk(COLUMNS)).isEqualTo(256);
  }

  @Test
  void a_row_that_breaks_a_constraint_fails_the_load_and_cancel_forgets_the_rows_held()
      throws Exception {
    try (Connection connection = open(dir.resolve("bad.db"))) {
      connection.setAutoCommit(false);
      ValuesLoader loader = new ValuesLoader(tx(connection), "t", COLUMNS);
      loader.add(1L, "a", 1, 1L, null);
      loader.add(1L, "b", 2, 2L, null); // the same primary key
      assertThatThrownBy(loader::finish).isInstanceOf(SQLException.class);
      loader.cancel();
      connection.rollback();
      loader.add(2L, "c", 3, 3L, null);
      loader.finish();
      connection.commit();
      assertThat(contents(connection)).containsExactly(List.of(2L, "c", 3L, 3L, "null:", 1L));
    }
  }

  @Test
  void a_row_with_the_wrong_number_of_values_is_refused() throws Exception {
    try (Connection connection = open(dir.resolve("wrong.db"))) {
      ValuesLoader loader = new ValuesLoader(tx(connection), "t", COLUMNS);
      assertThatThrownBy(() -> loader.add(1L, "a"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("2 values for 5 columns");
    }
  }

  private static int largestChunk(List<String> columns) {
    for (int size : ValuesLoader.CHUNKS) {
      if (size * columns.size() <= ValuesLoader.MAX_PARAMETERS) {
        return size;
      }
    }
    return 1;
  }

  private static List<Object[]> rows(int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Every kind of value the loader takes, nulls included, and ids out of order.
      rows.add(
          new Object[] {
            (long) ((i * 7919L) % 100_003) + 1,
            "name \u00e9 " + i,
            i % 3 == 0 ? null : i,
            i % 5 == 0 ? null : Long.MAX_VALUE - i,
            i % 2 == 0 ? null : "{\"n\":" + i + "}"
          });
    }
    return rows;
  }

  private static List<List<Object>> oneByOne(Path file, List<Object[]> rows) throws Exception {
    try (Connection connection = open(file);
        PreparedStatement insert =
            connection.prepareStatement(ValuesLoader.statement("t", COLUMNS, 1))) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          insert.setObject(i + 1, row[i]);
        }
        insert.executeUpdate();
      }
      return contents(connection);
    }
  }

  private static List<List<Object>> loaded(Path file, List<Object[]> rows) throws Exception {
    try (Connection connection = open(file)) {
      ValuesLoader loader = new ValuesLoader(tx(connection), "t", COLUMNS);
      for (Object[] row : rows) {
        loader.add(row);
      }
      loader.finish();
      return contents(connection);
    }
  }

  private static WriteTx tx(Connection connection) {
    Map<String, PreparedStatement> statements = WriteTx.newCache();
    return new WriteTx(connection, statements, false, 0, SqliteDialect.INSTANCE);
  }

  private static Connection open(Path file) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement statement = connection.createStatement()) {
      statement.execute(TABLE);
      statement.execute(NUMBERING);
    }
    return connection;
  }

  /** Every row, with each value's type as SQLite stored it, in insertion order. */
  private static List<List<Object>> contents(Connection connection) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT id, name, n, big, typeof(note) || ':' || coalesce(note, ''), seq"
                    + " FROM t ORDER BY seq")) {
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        row.add(result.getLong(1));
        row.add(result.getString(2));
        long n = result.getLong(3);
        row.add(result.wasNull() ? null : n);
        long big = result.getLong(4);
        row.add(result.wasNull() ? null : big);
        row.add(result.getString(5));
        row.add(result.getLong(6));
        rows.add(row);
      }
    }
    return rows;
  }
}
