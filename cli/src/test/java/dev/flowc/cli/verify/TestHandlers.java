package dev.flowc.cli.verify;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import java.util.List;
import java.util.Map;

/**
 * Handlers with input types of every shape the verifier reads, bound by {@link TestHandlersModule}.
 */
final class TestHandlers {
  private TestHandlers() {}

  /** {@code etl.extract-api}: a record with a required primitive. */
  static final class ExtractApi implements Handler<ExtractApi.Input, JsonNode> {
    record Input(String endpoint, int pageSize, @JsonAlias("key") String apiKey) {}

    @Override
    public JsonNode handle(Input input, JobContext context) {
      return null;
    }
  }

  /** {@code etl.load}: nested records, a list of records, an enum, a map. */
  static final class Load implements Handler<Load.Input, Void> {
    record Input(List<Batch> batches, String table, Options options, Map<String, Integer> limits) {}

    record Batch(String name, int rows) {}

    record Options(int parallelism, boolean truncate, Mode mode) {}

    enum Mode {
      APPEND,
      REPLACE
    }

    @Override
    public Void handle(Input input, JobContext context) {
      return null;
    }
  }

  /** {@code test.lenient}: ignores fields it does not know. */
  static final class Lenient implements Handler<Lenient.Input, Void> {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Input(int size) {}

    @Override
    public Void handle(Input input, JobContext context) {
      return null;
    }
  }

  /** {@code test.bean}: a bean with a field required by annotation and one ignored by name. */
  static final class BeanInput implements Handler<BeanInput.Input, Void> {
    @JsonIgnoreProperties({"legacy"})
    static final class Input {
      @JsonProperty(required = true)
      public String id;

      public int count;
    }

    @Override
    public Void handle(Input input, JobContext context) {
      return null;
    }
  }

  /** {@code test.tags}: a map of integers. */
  static final class Tags implements Handler<Map<String, Integer>, Void> {
    @Override
    public Void handle(Map<String, Integer> input, JobContext context) {
      return null;
    }
  }

  /** {@code test.any}: any JSON. */
  static final class Anything implements Handler<JsonNode, Void> {
    @Override
    public Void handle(JsonNode input, JobContext context) {
      return null;
    }
  }

  /** {@code test.ints}: a list of integers. */
  static final class Ints implements Handler<List<Integer>, Void> {
    @Override
    public Void handle(List<Integer> input, JobContext context) {
      return null;
    }
  }

  /** Not bound: found by its class name. */
  public static final class ByClass implements Handler<ByClass.Input, Void> {
    public record Input(String path) {}

    @Override
    public Void handle(Input input, JobContext context) {
      return null;
    }
  }

  /** A class that is not a handler. */
  public static final class NotAHandler {}
}
