package dev.flowc.samples.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.handler.HandlerRegistry;
import dev.flowc.runtime.handler.ResolvedHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Calls the sample's handlers the way a worker does: found by name through {@link EtlModule}, the
 * input converted from JSON to the handler's input type, the result converted back to JSON.
 */
final class EtlHandlers {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The sample's folder, {@code samples/etl} (tests run in {@code samples}). */
  static final Path SAMPLE = Path.of("etl").toAbsolutePath();

  private static final HandlerRegistry REGISTRY =
      HandlerRegistry.create(EtlHandlers.class.getClassLoader(), List.of(new EtlModule()));

  private EtlHandlers() {}

  static JsonNode call(String handler, String inputJson, JobContext context) throws Exception {
    return call(handler, JSON.readTree(inputJson), context);
  }

  static JsonNode call(String handler, JsonNode input, JobContext context) throws Exception {
    ResolvedHandler resolved = REGISTRY.resolve(handler);
    Object typed = JSON.convertValue(input, resolved.inputType());
    return JSON.valueToTree(resolved.handler().handle(typed, context));
  }

  static HandlerRegistry registry() {
    return REGISTRY;
  }

  /** Copies the sample's data files into {@code dir}/data, as a base directory of its own. */
  static Path copyData(Path dir) {
    try {
      Files.createDirectories(dir.resolve("data"));
      for (String name : List.of("api-records.json", "export.csv")) {
        Files.copy(SAMPLE.resolve("data").resolve(name), dir.resolve("data").resolve(name));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
