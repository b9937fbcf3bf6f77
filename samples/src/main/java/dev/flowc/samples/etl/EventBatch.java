package dev.flowc.samples.etl;

import java.util.List;

/**
 * What {@code etl.normalize} returns and {@code etl.load-to-warehouse} receives, once per branch.
 *
 * @param schema the schema the events are in ({@code schema_v2})
 * @param records the events, in the order of the source
 */
public record EventBatch(String schema, List<NormalizedEvent> records) {
  public EventBatch {
    records = records == null ? List.of() : List.copyOf(records);
  }
}
