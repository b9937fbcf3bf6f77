package dev.flowc.samples.etl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.NonRetryableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code etl.normalize-file}: reads one inbox file, a JSON list of event records, and maps them to
 * {@code schema_v2} events (see {@link SchemaV2}), as {@code etl.normalize} does for an extract. A
 * file that is not such a list, or a record that does not map, fails the item for good: retrying
 * would read the same bytes.
 */
public final class NormalizeFile implements Handler<NormalizeFile.Input, EventBatch> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param path the file, relative to the pipeline's directory or absolute
   */
  public record Input(String path) {}

  @Override
  public EventBatch handle(Input input, JobContext context) throws IOException {
    if (input.path() == null) {
      throw new NonRetryableException("no 'path' given");
    }
    Path file = context.resolvePath(input.path());
    List<Map<String, Object>> records;
    try {
      records = JSON.readValue(Files.readAllBytes(file), new TypeReference<>() {});
    } catch (NoSuchFileException e) {
      throw new NonRetryableException("%s: no such file (%s)".formatted(input.path(), file));
    } catch (JsonProcessingException e) {
      throw new NonRetryableException(
          "%s is not a JSON list of records: %s".formatted(input.path(), e.getOriginalMessage()));
    }
    if (records == null) {
      throw new NonRetryableException(input.path() + " holds null, not a list of records");
    }
    List<NormalizedEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      events.add(SchemaV2.normalize(records.get(i), i + 1));
    }
    context.logger().info("{}: {} records", input.path(), events.size());
    return new EventBatch(SchemaV2.NAME, events);
  }
}
