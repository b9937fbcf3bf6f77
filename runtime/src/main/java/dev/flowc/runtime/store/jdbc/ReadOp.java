package dev.flowc.runtime.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** One read, run in a read transaction (a consistent snapshot) on {@code connection}. */
@FunctionalInterface
public interface ReadOp<T> {
  T apply(Connection connection) throws SQLException;
}
