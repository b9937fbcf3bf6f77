package dev.flowc.runtime.store.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code NOTIFY} channels of one store: named after the schema its tables are in, so that two
 * flowc installations in two schemas of one database never hear each other (PostgreSQL's channels
 * are per database, not per schema). Every process of an installation derives the same names from
 * the schema's own name, however its URL reaches the schema ({@code currentSchema}, {@code
 * search_path}, spelled in any case that resolves to it).
 *
 * <ul>
 *   <li>{@code public}: {@code flowc_ready} and {@code flowc_cancel}, the names every flowc used
 *       before channels were per schema, so that an older flowc process on the default schema still
 *       hears a newer one and is heard by it during a rolling upgrade.
 *   <li>another schema whose name is printable ASCII and short enough: {@code flowc_ready.NAME} and
 *       {@code flowc_cancel.NAME}, readable in {@code pg_stat_activity} and by a {@code LISTEN} in
 *       psql.
 *   <li>any other schema: {@code flowc_ready#HASH} and {@code flowc_cancel#HASH}, with 32 hex
 *       digits of the name's SHA-256.
 * </ul>
 *
 * <p>Why the last form: a channel is an identifier of at most 63 bytes ({@code pg_notify} refuses a
 * longer one, {@code LISTEN} cuts it short with only a notice, so the two would disagree), and a
 * schema's name may itself be 63 bytes. Its length in bytes depends on the server's encoding unless
 * it is ASCII, which is one byte a character in every server encoding. The separators keep the
 * forms apart: no readable name contains {@code #} at that place, and no schema maps to the bare
 * {@code public} names but {@code public}. The names are quoted for {@code LISTEN} ({@link
 * #listen}: case, dots, quotes and spaces kept) and passed as text to {@code pg_notify}.
 *
 * @param ready the channel of ready queues; the payload is a queue's name, or empty for any queue
 * @param cancel the channel of cancellation requests: workers holding running jobs look at once
 */
record PostgresChannels(String ready, String cancel) {
  /** The longest channel name PostgreSQL takes, in bytes (NAMEDATALEN - 1). */
  static final int MAX_BYTES = 63;

  /** The names of every flowc before channels were per schema, kept by {@code public}. */
  static final PostgresChannels LEGACY = new PostgresChannels("flowc_ready", "flowc_cancel");

  /** The channels of a store whose tables are in {@code schema}. */
  static PostgresChannels of(String schema) {
    if (schema.equals("public")) {
      return LEGACY;
    }
    if (printableAscii(schema) && "flowc_cancel.".length() + schema.length() <= MAX_BYTES) {
      return new PostgresChannels("flowc_ready." + schema, "flowc_cancel." + schema);
    }
    String hash = hash(schema);
    return new PostgresChannels("flowc_ready#" + hash, "flowc_cancel#" + hash);
  }

  /** The statements that listen on both channels. */
  String[] listen() {
    return new String[] {"LISTEN " + quoted(ready), "LISTEN " + quoted(cancel)};
  }

  /** {@code name} as a quoted SQL identifier: kept as it is, whatever its characters. */
  static String quoted(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static boolean printableAscii(String name) {
    return name.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  private static String hash(String schema) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
