package dev.flowc.samples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * One event in {@code schema_v2}, the shape both extracts are normalized to and the warehouse table
 * holds.
 *
 * @param eventId the source's id of the event ({@code api-0001}, {@code csv-0001})
 * @param eventType lower case words joined by underscores ({@code add_to_cart})
 * @param userId the user's number
 * @param occurredAt when it happened, ISO-8601 in UTC ({@code 2024-03-01T08:06:43Z})
 * @param amount the money involved, two decimals, or {@code null}
 * @param country ISO country code in upper case, or {@code null}
 * @param note free text, or {@code null}
 */
public record NormalizedEvent(
    @JsonProperty("event_id") String eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("user_id") long userId,
    @JsonProperty("occurred_at") String occurredAt,
    BigDecimal amount,
    String country,
    String note) {}
