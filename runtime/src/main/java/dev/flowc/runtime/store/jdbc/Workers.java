package dev.flowc.runtime.store.jdbc;

import dev.flowc.runtime.WorkerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code workers} table: who is working on this store. */
final class Workers {
  private static final String UPSERT =
      "INSERT INTO workers (id, host, pid, queues, threads, started_at, heartbeat_at, running_jobs)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
          + " heartbeat_at = excluded.heartbeat_at, running_jobs = excluded.running_jobs,"
          + " queues = excluded.queues, threads = excluded.threads";

  private static final String DELETE = "DELETE FROM workers WHERE id = ?";

  private static final String LIVE =
      "SELECT id, host, pid, queues, threads, started_at, heartbeat_at, running_jobs FROM workers"
          + " WHERE heartbeat_at >= ? ORDER BY host, pid, id";

  private Workers() {}

  static Void record(WriteTx tx, WorkerInfo worker) throws SQLException {
    PreparedStatement upsert = tx.prepare(UPSERT);
    upsert.setString(1, worker.id());
    upsert.setString(2, worker.host());
    upsert.setLong(3, worker.pid());
    upsert.setString(4, String.join(",", worker.queues()));
    upsert.setInt(5, worker.threads());
    upsert.setLong(6, worker.startedAt().toEpochMilli());
    upsert.setLong(7, worker.lastHeartbeat().toEpochMilli());
    upsert.setString(
        8, worker.runningJobs().stream().map(String::valueOf).collect(Collectors.joining(",")));
    upsert.executeUpdate();
    return null;
  }

  static Void remove(WriteTx tx, String id) throws SQLException {
    PreparedStatement delete = tx.prepare(DELETE);
    delete.setString(1, id);
    delete.executeUpdate();
    return null;
  }

  static List<WorkerInfo> live(Connection connection, Instant since) throws SQLException {
    List<WorkerInfo> workers = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(LIVE)) {
      select.setLong(1, since.toEpochMilli());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          workers.add(
              new WorkerInfo(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getLong(3),
                  split(rows.getString(4)),
                  rows.getInt(5),
                  Instant.ofEpochMilli(rows.getLong(6)),
                  Instant.ofEpochMilli(rows.getLong(7)),
                  split(rows.getString(8)).stream().map(Long::valueOf).toList()));
        }
      }
    }
    return workers;
  }

  private static List<String> split(String list) {
    return list == null || list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
  }
}
