package dev.flowc.samples.etl;

import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.NonRetryableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * {@code etl.normalize}: maps the records of one extract to {@code schema_v2} events (see {@link
 * SchemaV2}), reporting progress every {@value #PROGRESS_EVERY} records and at the end. One handler
 * serves both branches of the diamond: it knows the field names of both sources.
 */
public final class Normalize implements Handler<Normalize.Input, EventBatch> {
  static final int PROGRESS_EVERY = 50;

  /**
   * @param records the raw records, as an extract returned them
   * @param schema the schema to normalize to; only {@code schema_v2} is known
   */
  public record Input(List<Map<String, Object>> records, String schema) {}

  @Override
  public EventBatch handle(Input input, JobContext context) {
    if (!SchemaV2.NAME.equals(input.schema())) {
      throw new NonRetryableException(
          "unknown schema '%s': this handler normalizes to '%s'"
              .formatted(input.schema(), SchemaV2.NAME));
    }
    if (input.records() == null) {
      throw new NonRetryableException("no 'records' given");
    }
    List<Map<String, Object>> records = input.records();
    List<NormalizedEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      events.add(SchemaV2.normalize(records.get(i), i + 1));
      int done = i + 1;
      if (done % PROGRESS_EVERY == 0 && done < records.size()) {
        if (context.isCancelled()) {
          throw new CancellationException("cancelled after %d records".formatted(done));
        }
        context.updateProgress(done * 100 / records.size());
      }
    }
    context.updateProgress(100);
    return new EventBatch(SchemaV2.NAME, events);
  }
}
