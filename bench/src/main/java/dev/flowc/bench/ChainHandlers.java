package dev.flowc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import java.time.Instant;

/**
 * The handlers of the parent-to-child chains, which time the chain as a user feels it: from the end
 * of the parent's handler to the start of the child's. The parent returns the time it ended; the
 * child receives it as its input ({@code {"parent": {"$result": "parent"}}}) and returns the
 * latency. In one process both times come from {@link System#nanoTime()}; when the parent ran in
 * another process they come from the wall clock in microseconds ({@link Instant#now()}, which has
 * microsecond resolution on Linux), which the processes of one machine share.
 */
public final class ChainHandlers {
  /** The parent's handler name. */
  public static final String PARENT = Parent.class.getName();

  /** The child's handler name. */
  public static final String CHILD = Child.class.getName();

  private static final long PID = ProcessHandle.current().pid();

  private ChainHandlers() {}

  /** Returns {@code {pid, end_ns, end_us}}, taken as its last act. */
  public static final class Parent implements Handler<JsonNode, JsonNode> {
    @Override
    public JsonNode handle(JsonNode input, JobContext context) {
      ObjectNode result = JsonNodeFactory.instance.objectNode().put("pid", PID);
      long endUs = wallMicros();
      long endNs = System.nanoTime();
      return result.put("end_ns", endNs).put("end_us", endUs);
    }
  }

  /**
   * Returns {@code {latency_ns, same_process}}: the time from the end of its parent's handler to
   * its own first act.
   */
  public static final class Child implements Handler<JsonNode, JsonNode> {
    @Override
    public JsonNode handle(JsonNode input, JobContext context) {
      long startNs = System.nanoTime();
      long startUs = wallMicros();
      JsonNode parent = input.path("parent");
      boolean sameProcess = parent.path("pid").asLong() == PID;
      long latencyNs =
          sameProcess
              ? startNs - parent.path("end_ns").asLong()
              : (startUs - parent.path("end_us").asLong()) * 1_000;
      return JsonNodeFactory.instance
          .objectNode()
          .put("latency_ns", latencyNs)
          .put("same_process", sameProcess);
    }
  }

  static long wallMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }
}
