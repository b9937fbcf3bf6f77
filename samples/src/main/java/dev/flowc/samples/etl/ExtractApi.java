package dev.flowc.samples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.NonRetryableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code etl.extract-api}: reads the records an API would return from a local JSON file, {@code
 * {"data": [...], "meta": {...}}}, and returns them as they are.
 *
 * <p>To show retries, it fails its first {@code fail_first_attempts} attempts with an {@link
 * ApiUnavailableException}. A missing file is retryable too (someone may be about to put it there),
 * so its attempts show in the job's error history; a file that is not such a document is not.
 */
public final class ExtractApi implements Handler<ExtractApi.Input, List<Map<String, Object>>> {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> RECORDS = new TypeReference<>() {};

  /**
   * @param endpoint the JSON file, relative to the pipeline's directory or absolute
   * @param failFirstAttempts how many attempts fail before the "API" answers; none when null
   */
  public record Input(
      String endpoint, @JsonProperty("fail_first_attempts") Integer failFirstAttempts) {}

  @Override
  public List<Map<String, Object>> handle(Input input, JobContext context) throws IOException {
    if (input.endpoint() == null || input.endpoint().isBlank()) {
      throw new NonRetryableException("no 'endpoint' given");
    }
    int failures = input.failFirstAttempts() == null ? 0 : input.failFirstAttempts();
    if (context.attempt() <= failures) {
      throw new ApiUnavailableException(
          "simulated outage: the API fails the first %d attempts, this is attempt %d"
              .formatted(failures, context.attempt()));
    }
    Path file = context.resolvePath(input.endpoint());
    if (Files.notExists(file)) {
      throw new FileNotFoundException("api file %s does not exist".formatted(input.endpoint()));
    }
    JsonNode document;
    try {
      document = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new NonRetryableException(
          "api file %s is not valid JSON: %s".formatted(input.endpoint(), e.getOriginalMessage()));
    }
    JsonNode data = document == null ? null : document.get("data");
    if (data == null || !data.isArray()) {
      throw new NonRetryableException(
          "api file %s has no 'data' array of records".formatted(input.endpoint()));
    }
    try {
      return MAPPER.convertValue(data, RECORDS);
    } catch (IllegalArgumentException e) {
      throw new NonRetryableException(
          "api file %s: every element of 'data' must be an object".formatted(input.endpoint()));
    }
  }
}
