package dev.flowc.runtime.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;

/** The handlers every runtime has, for demos, tests and benchmarks. */
public final class BuiltinHandlers {
  /** Does nothing and returns {@code null}. */
  public static final String NOOP = "builtin.noop";

  /** Returns its input as its result. */
  public static final String ECHO = "builtin.echo";

  /** Sleeps {@code ms} milliseconds (interruptibly), then returns {@code null}. */
  public static final String SLEEP = "builtin.sleep";

  /** Fails its first {@code times} attempts (all without it) with {@code message}. */
  public static final String FAIL = "builtin.fail";

  private BuiltinHandlers() {}

  /** Returns {@code null}. */
  public static final class Noop implements Handler<JsonNode, Void> {
    @Override
    public Void handle(JsonNode input, JobContext context) {
      return null;
    }
  }

  /** Returns its input. */
  public static final class Echo implements Handler<JsonNode, JsonNode> {
    @Override
    public JsonNode handle(JsonNode input, JobContext context) {
      return input;
    }
  }

  /** Input {@code {ms: N}}: sleeps interruptibly, then returns {@code null}. */
  public static final class Sleep implements Handler<Sleep.Input, Void> {
    /**
     * @param ms how long to sleep, in milliseconds
     */
    public record Input(long ms) {}

    @Override
    public Void handle(Input input, JobContext context) throws InterruptedException {
      if (input.ms() < 0) {
        throw new dev.flowc.runtime.NonRetryableException("ms must not be negative: " + input.ms());
      }
      Thread.sleep(input.ms());
      return null;
    }
  }

  /**
   * Input {@code {message: "...", times: N}}: fails its first N attempts (every attempt when {@code
   * times} is absent) with {@code message}, then returns {@code null}.
   */
  public static final class Fail implements Handler<Fail.Input, Void> {
    /**
     * @param message the error message
     * @param times how many attempts fail, or {@code null} for all
     */
    public record Input(String message, Integer times) {}

    @Override
    public Void handle(Input input, JobContext context) {
      if (input.times() == null || context.attempt() <= input.times()) {
        throw new IntentionalFailure(
            input.message() == null ? "builtin.fail failed as asked" : input.message());
      }
      return null;
    }
  }

  /** What {@link Fail} throws. */
  public static final class IntentionalFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IntentionalFailure(String message) {
      super(message);
    }
  }
}
