package dev.flowc.runtime.store.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The database server's clock, read locally: this machine's clock plus the offset to the server's
 * {@code clock_timestamp()}, measured over a round trip and taken from the fastest of a few (the
 * error is at most half the round trip). Leases, {@code run_at}, backoff and expiry are measured
 * against it, so workers on machines whose clocks disagree still agree on time.
 */
final class DatabaseClock extends Clock {
  private static final String NOW = "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint";
  private static final int SAMPLES = 3;

  private volatile long offsetMillis;
  private volatile long roundTripMillis = Long.MAX_VALUE;

  /** Measures the offset again on {@code connection}; keeps the old one when this one is worse. */
  void sample(Connection connection) throws SQLException {
    long bestOffset = 0;
    long bestRoundTrip = Long.MAX_VALUE;
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < SAMPLES; i++) {
        long before = System.nanoTime();
        long localBefore = System.currentTimeMillis();
        long server;
        try (ResultSet rows = statement.executeQuery(NOW)) {
          rows.next();
          server = rows.getLong(1);
        }
        long roundTrip = (System.nanoTime() - before) / 1_000_000;
        if (roundTrip < bestRoundTrip) {
          bestRoundTrip = roundTrip;
          bestOffset = server - (localBefore + roundTrip / 2);
        }
      }
    }
    // A fresh measure replaces one over a slower round trip, or an old one over any round trip up
    // to 100 ms: local clocks drift (or are stepped) too.
    if (bestRoundTrip <= Math.max(100, roundTripMillis)) {
      offsetMillis = bestOffset;
      roundTripMillis = bestRoundTrip;
    }
  }

  long offsetMillis() {
    return offsetMillis;
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
