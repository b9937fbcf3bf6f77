package dev.flowc.runtime.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Queue rates ({@code rate N/s|m|h}): a token bucket per rate-limited queue, kept in its row of
 * {@code queues}. The bucket holds at most N tokens and refills continuously, N per period; each
 * claimed job takes one. It is stored as what it held ({@code tokens}) at a time ({@code
 * refilled_at}); what came back since is computed when it is read, so only a claim that takes
 * tokens writes it. A claim reads it after locking the queue's row ({@link Dialect#lockQueues}), so
 * claims of several workers take each token once.
 */
final class RateBuckets {
  private static final String BUCKET =
      "SELECT rate_limit, rate_period_ms, tokens, refilled_at FROM queues"
          + " WHERE name = ? AND rate_limit IS NOT NULL";

  private static final String SPEND =
      "UPDATE queues SET tokens = ?, refilled_at = ? WHERE name = ?";

  private static final String RATES =
      "SELECT name, rate_limit, rate_period_ms, tokens, refilled_at FROM queues"
          + " WHERE rate_limit IS NOT NULL";

  private static final String UPSERT_QUEUE =
      "INSERT INTO queues (name, concurrency, rate_limit, rate_period_ms, tokens, refilled_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET concurrency = excluded.concurrency,"
          + " rate_limit = excluded.rate_limit, rate_period_ms = excluded.rate_period_ms,"
          + " tokens = excluded.tokens, refilled_at = excluded.refilled_at";

  /**
   * A tenth of a microtoken: what a bucket's arithmetic in doubles may be off by, so that 3 tokens
   * coming back over 3 thirds of a second make 3 tokens, not 2.9999999.
   */
  private static final double EPSILON = 1e-7;

  private RateBuckets() {}

  /** A queue's rate and what its bucket held at {@code refilledAt} (epoch ms). */
  record Bucket(String queue, int limit, long periodMs, double tokens, long refilledAt) {
    /** The tokens in the bucket at {@code now}: what it held, plus what came back, at most full. */
    double tokensAt(long now) {
      long elapsed = Math.max(0, now - refilledAt);
      return Math.min(limit, tokens + (double) elapsed * limit / periodMs);
    }

    /** Whole tokens at {@code now}: how many jobs may start. */
    int wholeTokensAt(long now) {
      return (int) Math.floor(tokensAt(now) + EPSILON);
    }

    /** When the bucket next holds a whole token, if it holds none at {@code now}. */
    Optional<Instant> nextTokenAfter(long now) {
      double missing = 1 - tokensAt(now);
      if (missing <= EPSILON) {
        return Optional.empty();
      }
      return Optional.of(Instant.ofEpochMilli(now + (long) Math.ceil(missing * periodMs / limit)));
    }
  }

  /** The bucket of {@code queue}, or {@code null} when it has no rate. */
  static Bucket read(WriteTx tx, String queue) throws SQLException {
    PreparedStatement select = tx.prepare(BUCKET);
    select.setString(1, queue);
    try (ResultSet rows = select.executeQuery()) {
      return rows.next() ? bucket(queue, rows, 1) : null;
    }
  }

  /** Takes {@code taken} tokens out of {@code bucket} at {@code now}. */
  static void spend(WriteTx tx, Bucket bucket, long now, int taken) throws SQLException {
    if (taken == 0) {
      return;
    }
    PreparedStatement spend = tx.prepare(SPEND);
    spend.setDouble(1, Math.max(0, bucket.tokensAt(now) - taken));
    // A clock behind the one that wrote last (another process's) must not make tokens twice.
    spend.setLong(2, Math.max(now, bucket.refilledAt()));
    spend.setString(3, bucket.queue());
    spend.executeUpdate();
  }

  /** The buckets of every queue that has a rate, by name. */
  static Map<String, Bucket> all(Connection connection) throws SQLException {
    Map<String, Bucket> buckets = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(RATES);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        buckets.put(rows.getString(1), bucket(rows.getString(1), rows, 2));
      }
    }
    return buckets;
  }

  private static Bucket bucket(String queue, ResultSet rows, int from) throws SQLException {
    int limit = rows.getInt(from);
    long periodMs = rows.getLong(from + 1);
    double tokens = rows.getDouble(from + 2);
    boolean unknown = rows.wasNull();
    long refilledAt = rows.getLong(from + 3);
    // A bucket never written (a row from before its rate) is full.
    return unknown
        ? new Bucket(queue, limit, periodMs, limit, 0)
        : new Bucket(queue, limit, periodMs, tokens, refilledAt);
  }

  /** A queue as a plan declares it: its name, concurrency and rate (each {@code null} for none). */
  record Declared(String name, Integer concurrency, Integer rateLimit, Long ratePeriodMs) {}

  /**
   * Stores the queues a plan declares, with their concurrency and rate: the latest submit that
   * declares a queue says what it is. A queue that gets a rate starts with a full bucket; one whose
   * rate is unchanged keeps its bucket as it is (submitting again makes no tokens); one whose rate
   * changes keeps what its bucket holds now, at most the new limit.
   */
  static void declare(WriteTx tx, Collection<Declared> declared) throws SQLException {
    // A queue stored as declared is left as it is, unlocked: writing the same values would lock
    // its row until the commit, and every other submit declaring the queue, from any process,
    // would wait for that commit.
    List<Declared> queues = new ArrayList<>(declared.size());
    for (Declared queue : declared) {
      if (!storedAs(tx, queue)) {
        queues.add(queue);
      }
    }
    if (queues.isEmpty()) {
      return;
    }
    Map<String, Bucket> existing = new TreeMap<>();
    if (queues.stream().anyMatch(q -> q.rateLimit() != null)) {
      // The rows locked before the buckets are read, so a claim taking tokens meanwhile is not
      // undone.
      List<String> names = queues.stream().map(Declared::name).sorted().toList();
      tx.dialect().lockQueues(tx, names);
      for (String name : names) {
        Bucket bucket = read(tx, name);
        if (bucket != null) {
          existing.put(name, bucket);
        }
      }
    }
    long now = tx.now();
    PreparedStatement upsert = tx.prepare(UPSERT_QUEUE);
    for (Declared queue : queues) {
      upsert.setString(1, queue.name());
      setNullableInt(upsert, 2, queue.concurrency());
      if (queue.rateLimit() == null) {
        upsert.setNull(3, Types.INTEGER);
        upsert.setNull(4, Types.BIGINT);
        upsert.setNull(5, Types.DOUBLE);
        upsert.setNull(6, Types.BIGINT);
      } else {
        Bucket old = existing.get(queue.name());
        double tokens;
        long refilledAt;
        if (old != null
            && old.limit() == queue.rateLimit()
            && old.periodMs() == queue.ratePeriodMs()) {
          tokens = old.tokens();
          refilledAt = old.refilledAt();
        } else if (old != null) {
          tokens = Math.min(queue.rateLimit(), old.tokensAt(now));
          refilledAt = Math.max(now, old.refilledAt());
        } else {
          tokens = queue.rateLimit();
          refilledAt = now;
        }
        upsert.setInt(3, queue.rateLimit());
        upsert.setLong(4, queue.ratePeriodMs());
        upsert.setDouble(5, tokens);
        upsert.setLong(6, refilledAt);
      }
      upsert.addBatch();
    }
    upsert.executeBatch();
  }

  private static final String DECLARED =
      "SELECT concurrency, rate_limit, rate_period_ms FROM queues WHERE name = ?";

  /** Whether {@code queue}'s row holds its concurrency and rate already (read, not locked). */
  private static boolean storedAs(WriteTx tx, Declared queue) throws SQLException {
    PreparedStatement read = tx.prepare(DECLARED);
    read.setString(1, queue.name());
    try (ResultSet row = read.executeQuery()) {
      return row.next()
          && Objects.equals(nullableInt(row, 1), queue.concurrency())
          && Objects.equals(nullableInt(row, 2), queue.rateLimit())
          && Objects.equals(nullableLong(row, 3), queue.ratePeriodMs());
    }
  }

  private static Integer nullableInt(ResultSet row, int column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }

  private static Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  private static void setNullableInt(PreparedStatement statement, int index, Integer value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }
}
