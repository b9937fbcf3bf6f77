package dev.flowc.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;

/** {@code test.big}: returns a string of {@code chars} characters (200,000 by default). */
public final class BigResultHandler implements Handler<JsonNode, String> {
  @Override
  public String handle(JsonNode input, JobContext context) {
    return "x".repeat(input.path("chars").asInt(200_000));
  }
}
