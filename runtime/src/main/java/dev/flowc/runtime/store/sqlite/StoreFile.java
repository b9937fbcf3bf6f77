package dev.flowc.runtime.store.sqlite;

import dev.flowc.runtime.StoreException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * What a file is before flowc opens it as a store: missing, empty, a flowc store, or something else
 * that flowc must leave alone. Looking changes nothing and creates no file next to it: the header
 * is read as bytes, and the schema (only for a file that may be a store of the flowc before stores
 * were stamped) through an immutable read-only connection, which takes no lock and writes no {@code
 * -wal} or {@code -shm}.
 */
record StoreFile(Kind kind, int version, boolean wal) {
  /** {@code PRAGMA application_id} of a flowc store: "flow" in ASCII. */
  static final int APPLICATION_ID = 0x666C6F77;

  /** The tables of schema version 1, which flowc stores had before they were stamped. */
  static final Set<String> VERSION_1_TABLES =
      Set.of("runs", "queues", "jobs", "job_deps", "job_errors", "dead_letters");

  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_SIZE = 100;
  // Page 1 holds the schema table (sqlite_master); its b-tree page header follows the file's.
  private static final int SCHEMA_PAGE_TYPE_OFFSET = 100;
  private static final int SCHEMA_CELLS_OFFSET = 103;
  private static final int READ_SIZE = 108;
  private static final byte LEAF_TABLE_PAGE = 0x0D;
  private static final int WRITE_VERSION_OFFSET = 18; // 2 in WAL mode, 1 in rollback mode
  private static final int READ_VERSION_OFFSET = 19;
  private static final int USER_VERSION_OFFSET = 60;
  private static final int APPLICATION_ID_OFFSET = 68;

  enum Kind {
    /** No file: a store may be created there. */
    MISSING,
    /** A file of zero bytes: a store may be created in it. */
    EMPTY,
    /** A store stamped with flowc's application id, at schema {@code version}. */
    FLOWC,
    /** A store of the flowc before stores were stamped (schema version 1, flowc's tables). */
    UNSTAMPED_FLOWC,
    /** Not a SQLite database at all. */
    NOT_A_DATABASE,
    /** A SQLite database of another application. */
    FOREIGN
  }

  /** Whether flowc may open this file as its store (creating, migrating or stamping it). */
  boolean isStore() {
    return kind == Kind.FLOWC || kind == Kind.UNSTAMPED_FLOWC;
  }

  /**
   * Looks at {@code file}.
   *
   * @throws StoreException when it cannot be read
   */
  static StoreFile inspect(Path file, String location) {
    if (!Files.exists(file)) {
      return new StoreFile(Kind.MISSING, 0, false);
    }
    byte[] header = new byte[READ_SIZE];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(header, 0, READ_SIZE);
    } catch (IOException e) {
      throw new StoreException(
          "cannot open store '%s': cannot read it (%s)".formatted(location, e.getMessage()), e);
    }
    if (read == 0) {
      return new StoreFile(Kind.EMPTY, 0, false);
    }
    if (read < HEADER_SIZE || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return new StoreFile(Kind.NOT_A_DATABASE, 0, false);
    }
    ByteBuffer fields = ByteBuffer.wrap(header); // big-endian, as SQLite writes them
    int applicationId = fields.getInt(APPLICATION_ID_OFFSET);
    int version = fields.getInt(USER_VERSION_OFFSET);
    boolean wal = header[WRITE_VERSION_OFFSET] == 2 && header[READ_VERSION_OFFSET] == 2;
    if (applicationId == APPLICATION_ID) {
      return new StoreFile(Kind.FLOWC, version, wal);
    }
    if (applicationId == 0 && version == 0 && read == READ_SIZE && emptySchema(fields)) {
      return new StoreFile(Kind.EMPTY, 0, wal);
    }
    if (applicationId != 0 || version != 1) {
      return new StoreFile(Kind.FOREIGN, version, wal);
    }
    try {
      return hasVersion1Tables(file)
          ? new StoreFile(Kind.UNSTAMPED_FLOWC, version, wal)
          : new StoreFile(Kind.FOREIGN, version, wal);
    } catch (SQLException e) {
      throw SqliteErrors.translate(location, "open", e);
    }
  }

  /**
   * Whether the schema table has no rows: page 1 is then a leaf without cells. Opening a new file
   * writes such a page (setting {@code auto_vacuum} does) before the transaction that creates the
   * store, and the store's own check under the write lock looks again.
   */
  private static boolean emptySchema(ByteBuffer fields) {
    return fields.get(SCHEMA_PAGE_TYPE_OFFSET) == LEAF_TABLE_PAGE
        && fields.getShort(SCHEMA_CELLS_OFFSET) == 0;
  }

  private static boolean hasVersion1Tables(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    try (Connection connection =
            config.createConnection("jdbc:sqlite:" + uri(file) + "?immutable=1");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      Set<String> tables = new HashSet<>();
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
      return tables.containsAll(VERSION_1_TABLES);
    }
  }

  /**
   * {@code file} as a SQLite URI, so that no character of its name ({@code ?}, {@code #}, {@code
   * %}) is read as a URI parameter: the JDBC driver would take {@code q.db?journal_mode=DELETE} as
   * the file {@code q.db} with a pragma.
   */
  static String uri(Path file) {
    String path = file.toAbsolutePath().toString().replace(File.separatorChar, '/');
    StringBuilder uri = new StringBuilder("file:");
    if (!path.startsWith("/")) {
      uri.append('/'); // a Windows drive: file:/C:/...
    }
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "/._-~:+,=@".indexOf(c) >= 0)) {
        uri.append(c);
      } else {
        uri.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return uri.toString();
  }
}
