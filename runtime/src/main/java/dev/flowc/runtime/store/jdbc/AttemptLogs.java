package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.LogLine;
import dev.flowc.runtime.store.Lease;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code job_logs} table: one row per attempt that wrote anything, its lines as one JSON array
 * of {@code [time_ms, level, text]} (one row, not one per line, so a chatty attempt costs the
 * transaction one insert).
 */
final class AttemptLogs {
  private static final JsonFactory JSON = new JsonFactory();

  // Replace: an attempt number is logged once (a released attempt, whose number comes again, has
  // no log), but a duplicate must never fail the outcome written with it.
  private static final String INSERT =
      "INSERT INTO job_logs (job_id, attempt, line_count, omitted_lines, omitted_at, lines)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, attempt) DO UPDATE SET"
          + " line_count = excluded.line_count, omitted_lines = excluded.omitted_lines,"
          + " omitted_at = excluded.omitted_at, lines = excluded.lines";

  private static final String SELECT =
      "SELECT attempt, omitted_lines, omitted_at, lines FROM job_logs WHERE job_id = ?"
          + " ORDER BY attempt";

  private AttemptLogs() {}

  /** A log ready to insert: encoded on the caller's thread, not the transaction's. */
  record Encoded(AttemptLog log, String lines) {}

  static Encoded encode(AttemptLog log) {
    if (log == null) {
      return null;
    }
    StringWriter text = new StringWriter(64 + log.lines().size() * 48);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartArray();
      for (LogLine line : log.lines()) {
        json.writeStartArray();
        json.writeNumber(line.time().toEpochMilli());
        json.writeString(line.level().label());
        json.writeString(line.text());
        json.writeEndArray();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Encoded(log, text.toString());
  }

  /**
   * Inserts {@code log} for the lease's job when the outcome written before it in the same
   * transaction held ({@code applied}); returns {@code applied}.
   */
  static boolean insertIf(boolean applied, WriteTx tx, Lease lease, Encoded log)
      throws SQLException {
    if (!applied || log == null) {
      return applied;
    }
    PreparedStatement insert = tx.prepare(INSERT);
    insert.setLong(1, lease.jobId());
    insert.setInt(2, log.log().attempt());
    insert.setInt(3, log.log().lines().size());
    insert.setInt(4, log.log().omittedLines());
    insert.setInt(5, log.log().omittedAt());
    insert.setString(6, log.lines());
    insert.executeUpdate();
    return true;
  }

  static List<AttemptLog> read(Connection connection, long jobId) throws SQLException {
    List<AttemptLog> logs = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT)) {
      select.setLong(1, jobId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          List<LogLine> lines = decode(rows.getString(4));
          int omitted = rows.getInt(2);
          int at = Math.min(rows.getInt(3), lines.size());
          logs.add(new AttemptLog(rows.getInt(1), lines, omitted, omitted == 0 ? 0 : at));
        }
      }
    }
    return logs;
  }

  private static List<LogLine> decode(String text) {
    List<LogLine> lines = new ArrayList<>();
    try (JsonParser json = JSON.createParser(text)) {
      expect(json.nextToken(), JsonToken.START_ARRAY);
      while (json.nextToken() == JsonToken.START_ARRAY) {
        expect(json.nextToken(), JsonToken.VALUE_NUMBER_INT);
        long time = json.getLongValue();
        expect(json.nextToken(), JsonToken.VALUE_STRING);
        LogLine.Level level = level(json.getText());
        expect(json.nextToken(), JsonToken.VALUE_STRING);
        String line = json.getText();
        expect(json.nextToken(), JsonToken.END_ARRAY);
        lines.add(new LogLine(Instant.ofEpochMilli(time), level, line));
      }
    } catch (IOException e) {
      throw new IllegalStateException("a stored job log does not parse: " + e.getMessage(), e);
    }
    return lines;
  }

  private static LogLine.Level level(String label) {
    try {
      return LogLine.Level.fromLabel(label);
    } catch (IllegalArgumentException e) {
      // Written by a newer flowc that knows more levels: show the line anyway.
      return LogLine.Level.INFO;
    }
  }

  private static void expect(JsonToken found, JsonToken wanted) throws IOException {
    if (found != wanted) {
      throw new IOException("expected " + wanted + ", found " + found);
    }
  }
}
