package dev.flowc.samples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.NonRetryableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;

/**
 * {@code etl.load-to-warehouse}: inserts the events of every batch it receives into a table of a
 * SQLite "warehouse" file, created with the table on first use.
 *
 * <p>SQLite has no schemas (short of attaching databases), so a table name like {@code
 * analytics.events} is quoted as one identifier: the table is literally named {@code
 * "analytics.events"}.
 *
 * <p>The runtime runs a job at least once: a load may be retried after it committed (its worker
 * died before recording success). Each row carries the id of the load job that wrote it, and a load
 * first deletes the rows of its own job id, in the same transaction as its inserts, so a retry
 * replaces the previous attempt's rows instead of adding to them. Job ids are unique within one
 * store; keep a warehouse with the store that loads it.
 */
public final class LoadToWarehouse
    implements Handler<LoadToWarehouse.Input, LoadToWarehouse.Result> {
  /** The warehouse file when the input names none, relative to the pipeline's directory. */
  public static final String DEFAULT_WAREHOUSE = ".flowc/warehouse.db";

  private static final int BUSY_TIMEOUT_MS = 10_000;

  /**
   * @param batches the normalized batches, one per branch
   * @param table the table to insert into
   * @param warehouse the SQLite file, relative to the pipeline's directory or absolute; {@link
   *     #DEFAULT_WAREHOUSE} when null
   */
  public record Input(List<EventBatch> batches, String table, String warehouse) {}

  /**
   * @param table the table the rows went to
   * @param rowsInserted how many rows this load inserted
   */
  public record Result(String table, @JsonProperty("rows_inserted") int rowsInserted) {}

  @Override
  public Result handle(Input input, JobContext context) throws IOException, SQLException {
    String table = quotedTable(input.table());
    List<EventBatch> batches = input.batches() == null ? List.of() : input.batches();
    for (int i = 0; i < batches.size(); i++) {
      if (!SchemaV2.NAME.equals(batches.get(i).schema())) {
        throw new NonRetryableException(
            "batch %d is in schema '%s'; the table holds '%s'"
                .formatted(i + 1, batches.get(i).schema(), SchemaV2.NAME));
      }
    }
    Path file =
        context.resolvePath(input.warehouse() == null ? DEFAULT_WAREHOUSE : input.warehouse());
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (Connection connection = open(file)) {
      createTable(connection, table);
      int inserted = replaceRowsOfThisJob(connection, table, batches, context);
      return new Result(input.table(), inserted);
    }
  }

  /**
   * The table name as one SQL identifier.
   *
   * @throws NonRetryableException for a name SQLite would refuse
   */
  static String quotedTable(String table) {
    if (table == null || table.isBlank()) {
      throw new NonRetryableException("no 'table' given");
    }
    if (table.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
      throw new NonRetryableException(
          "table '%s': names starting with 'sqlite_' are reserved by SQLite".formatted(table));
    }
    if (table.indexOf('\0') >= 0) {
      throw new NonRetryableException("the table name contains a NUL character");
    }
    return '"' + table.replace("\"", "\"\"") + '"';
  }

  private static Connection open(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return dataSource.getConnection();
  }

  private static void createTable(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE IF NOT EXISTS %s (
            event_id    TEXT    NOT NULL,
            event_type  TEXT    NOT NULL,
            user_id     INTEGER NOT NULL,
            occurred_at TEXT    NOT NULL,
            amount      NUMERIC,
            country     TEXT,
            note        TEXT,
            run_id      INTEGER,
            job_id      INTEGER NOT NULL,
            loaded_at   TEXT    NOT NULL,
            PRIMARY KEY (job_id, event_id)
          )"""
              .formatted(table));
    }
  }

  private static int replaceRowsOfThisJob(
      Connection connection, String table, List<EventBatch> batches, JobContext context)
      throws SQLException {
    String loadedAt = Instant.now().toString();
    Long runId = context.runId().isPresent() ? context.runId().getAsLong() : null;
    connection.setAutoCommit(false);
    try (PreparedStatement delete =
            connection.prepareStatement("DELETE FROM %s WHERE job_id = ?".formatted(table));
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO %s (event_id, event_type, user_id, occurred_at, amount, country, note,"
                        .formatted(table)
                    + " run_id, job_id, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      delete.setLong(1, context.jobId());
      delete.executeUpdate();
      int inserted = 0;
      for (EventBatch batch : batches) {
        for (NormalizedEvent event : batch.records()) {
          insert.setString(1, event.eventId());
          insert.setString(2, event.eventType());
          insert.setLong(3, event.userId());
          insert.setString(4, event.occurredAt());
          insert.setBigDecimal(5, event.amount());
          insert.setString(6, event.country());
          insert.setString(7, event.note());
          if (runId == null) {
            insert.setNull(8, Types.INTEGER);
          } else {
            insert.setLong(8, runId);
          }
          insert.setLong(9, context.jobId());
          insert.setString(10, loadedAt);
          insert.addBatch();
          inserted++;
        }
      }
      insert.executeBatch();
      connection.commit();
      return inserted;
    } catch (SQLException e) {
      connection.rollback();
      if (e.getErrorCode() == SQLiteErrorCode.SQLITE_CONSTRAINT.code) {
        throw new NonRetryableException(
            "cannot load into %s: %s".formatted(table, e.getMessage()), e);
      }
      throw e;
    }
  }
}
