package dev.flowc.samples.etl;

import dev.flowc.runtime.NonRetryableException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps a raw record of either source to {@code schema_v2}. The API writes {@code id}, {@code type},
 * {@code userId}, an ISO {@code timestamp}, a numeric {@code amount} and {@code
 * attributes.country}; the CSV export writes {@code event_id}, {@code event_type} in any case,
 * {@code user_id} as text, {@code occurred_at} as {@code 2024-03-01 08:01:42} in UTC, {@code
 * amount} with thousands separators ({@code "1,299.50"}) or empty, {@code country} and {@code
 * note}.
 */
final class SchemaV2 {
  static final String NAME = "schema_v2";

  private static final Pattern NOT_A_WORD = Pattern.compile("[^a-z0-9]+");
  private static final DateTimeFormatter EXPORT_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

  private SchemaV2() {}

  /**
   * @param number the record's position in its batch, from 1, for messages
   * @throws NonRetryableException when a required field is missing or does not parse
   */
  static NormalizedEvent normalize(Map<String, Object> raw, int number) {
    String id = text(first(raw, "event_id", "id"));
    if (id == null) {
      throw new NonRetryableException("record %d has no 'event_id' or 'id'".formatted(number));
    }
    Record record = new Record(id, number);
    return new NormalizedEvent(
        id,
        eventType(record, text(first(raw, "event_type", "type"))),
        userId(record, first(raw, "user_id", "userId")),
        occurredAt(record, text(first(raw, "occurred_at", "timestamp"))),
        amount(record, first(raw, "amount")),
        country(raw),
        text(first(raw, "note")));
  }

  /** Which record a message is about. */
  private record Record(String id, int number) {
    NonRetryableException invalid(String problem) {
      return new NonRetryableException("record %d (%s): %s".formatted(number, id, problem));
    }
  }

  private static Object first(Map<String, Object> raw, String... keys) {
    for (String key : keys) {
      Object value = raw.get(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** The value as trimmed text; {@code null} for null or blank. */
  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString().strip();
    return text.isEmpty() ? null : text;
  }

  private static String eventType(Record record, String type) {
    if (type == null) {
      throw record.invalid("no 'event_type' or 'type'");
    }
    String words = NOT_A_WORD.matcher(type.toLowerCase(Locale.ROOT)).replaceAll("_");
    return words.replaceAll("^_+|_+$", "");
  }

  private static long userId(Record record, Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    String text = text(value);
    if (text == null) {
      throw record.invalid("no 'user_id' or 'userId'");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw record.invalid("user id '%s' is not a whole number".formatted(text));
    }
  }

  private static String occurredAt(Record record, String time) {
    if (time == null) {
      throw record.invalid("no 'occurred_at' or 'timestamp'");
    }
    try {
      return OffsetDateTime.parse(time).toInstant().toString();
    } catch (DateTimeParseException notIso) {
      try {
        return LocalDateTime.parse(time, EXPORT_TIME).toInstant(ZoneOffset.UTC).toString();
      } catch (DateTimeParseException e) {
        throw record.invalid(
            "time '%s' is neither ISO-8601 nor 'yyyy-MM-dd HH:mm:ss'".formatted(time));
      }
    }
  }

  private static BigDecimal amount(Record record, Object value) {
    String text = text(value);
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text.replace(",", "")).setScale(2, RoundingMode.HALF_EVEN);
    } catch (NumberFormatException e) {
      throw record.invalid("amount '%s' is not a number".formatted(text));
    }
  }

  private static String country(Map<String, Object> raw) {
    Object country = raw.get("country");
    if (country == null && raw.get("attributes") instanceof Map<?, ?> attributes) {
      country = attributes.get("country");
    }
    String code = text(country);
    return code == null ? null : code.toUpperCase(Locale.ROOT);
  }
}
