package dev.flowc.runtime.store.jdbc;

import java.sql.SQLException;

/**
 * Rows loaded into one table in bulk, in the transaction that made the loader ({@link
 * Dialect#bulkLoader}): PostgreSQL's {@code COPY}, which the server takes several times faster than
 * the same rows as {@code INSERT} statements.
 */
public interface BulkLoader {
  /**
   * Adds a row: its values in the loader's column order, each a {@link String}, a {@link Long}, an
   * {@link Integer} or {@code null}. Rows may be sent before {@link #finish}: from the first row to
   * {@link #finish} (or {@link #cancel}), nothing else may run on the transaction's connection.
   */
  void add(Object... values) throws SQLException;

  /** Sends the rows not sent yet: every row added is in the table afterwards. */
  void finish() throws SQLException;

  /**
   * Abandons the load after a failure, so the connection can roll the transaction back; nothing
   * when it finished or never started.
   */
  void cancel();
}
