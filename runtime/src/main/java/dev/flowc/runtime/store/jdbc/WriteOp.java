package dev.flowc.runtime.store.jdbc;

import java.sql.SQLException;

/** One unit of work of a write transaction. */
@FunctionalInterface
public interface WriteOp<T> {
  T apply(WriteTx tx) throws SQLException;
}
