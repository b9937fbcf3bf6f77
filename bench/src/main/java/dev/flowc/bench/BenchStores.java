package dev.flowc.bench;

import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.StoreException;
import dev.flowc.runtime.SyncMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh, empty store for each measurement: a SQLite file in a temporary directory, or a new
 * database ({@code bench_<pid>_<n>}) on the PostgreSQL server the bench was given, dropped
 * afterwards. A store is named by its string, as a user names it ({@code --store}).
 */
final class BenchStores {
  private static final Pattern POSTGRES =
      Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?", Pattern.CASE_INSENSITIVE);

  private final Path directory;
  private final String server;
  private final AtomicInteger created = new AtomicInteger();

  /**
   * @param directory where SQLite files go
   * @param server a {@code jdbc:postgresql:} URL of a role that may create databases, or {@code
   *     null} for SQLite
   */
  BenchStores(Path directory, String server) {
    checkServer(server);
    this.directory = directory;
    this.server = server;
  }

  /** Refuses a server that is not a {@code jdbc:postgresql:} URL ({@code null} is SQLite). */
  static void checkServer(String server) {
    if (server != null && !POSTGRES.matcher(server).matches()) {
      throw new IllegalArgumentException(
          "--store is a jdbc:postgresql://HOST[:PORT]/DATABASE URL, or sqlite (the default)");
    }
  }

  boolean postgres() {
    return server != null;
  }

  /** What the report calls the store: {@code sqlite} or the server without its credentials. */
  String describe() {
    if (server == null) {
      return "SQLite files in " + directory;
    }
    Matcher url = POSTGRES.matcher(server);
    url.matches();
    return "PostgreSQL at " + url.group(1).substring("jdbc:".length());
  }

  /** A new empty store. */
  String fresh(String name) {
    int n = created.incrementAndGet();
    if (server == null) {
      return directory.resolve(name + "-" + n + ".db").toString();
    }
    String database = "bench_%d_%d".formatted(ProcessHandle.current().pid(), n);
    admin("CREATE DATABASE " + database);
    Matcher url = POSTGRES.matcher(server);
    url.matches();
    return url.group(1) + "/" + database + (url.group(3) == null ? "" : url.group(3));
  }

  /** Deletes a store made by {@link #fresh}. */
  void dispose(String store) {
    if (server == null) {
      for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
        try {
          Files.deleteIfExists(Path.of(store + suffix));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return;
    }
    Matcher url = POSTGRES.matcher(store);
    url.matches();
    admin("DROP DATABASE IF EXISTS " + url.group(2).substring(1) + " WITH (FORCE)");
  }

  private void admin(String sql) {
    try (Connection connection = DriverManager.getConnection(server);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      // The driver's messages name host, port, database and user, never the password.
      throw new StoreException(
          "the PostgreSQL server of --store refused '%s': %s".formatted(sql, e.getMessage()), e);
    }
  }

  /** A runtime's builder for the store named {@code store}, as a user opens it. */
  static FlowRuntime.Builder builder(String store, SyncMode sync) {
    if (store.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
      return FlowRuntime.builder().store(store);
    }
    return FlowRuntime.builder().sqlite(Path.of(store), sync);
  }
}
