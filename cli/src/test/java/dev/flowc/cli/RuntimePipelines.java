package dev.flowc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Pipelines of built-in handlers that the tests of the running commands share. */
public final class RuntimePipelines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RuntimePipelines() {}

  /** Two stages that complete; {@code load} gets {@code extract}'s result. */
  public static final String COMPLETES =
      """
      pipeline etl {
        stage extract { handler builtin.echo input { rows: 3 } }
        stage load after extract {
          handler builtin.echo
          input { got: extract.result }
          metadata { table: "events" }
        }
      }
      """;

  /**
   * {@code extract} dies on its only attempt; {@code load} is cancelled; {@code side} completes.
   */
  public static final String FAILS =
      """
      pipeline etl {
        stage extract {
          handler builtin.fail
          retries 0
          input { message: "no route to host" }
        }
        stage load after extract { handler builtin.noop }
        stage side { handler builtin.noop }
      }
      """;

  /** {@code extract} dies on attempt 1 and succeeds on attempt 2 (after a replay). */
  public static final String FAILS_ONCE =
      """
      pipeline etl {
        stage extract {
          handler builtin.fail
          retries 0
          input { message: "flaky", times: 1 }
        }
        stage load after extract { handler builtin.noop }
      }
      """;

  /** Two stages in two queues. */
  public static final String TWO_QUEUES =
      """
      pipeline queues {
        queue fast {}
        queue slow {}
        stage a { handler builtin.noop queue fast }
        stage b { handler builtin.noop queue slow }
      }
      """;

  /** A param with a default, echoed back. */
  public static final String ECHOES_A_PARAM =
      """
      pipeline with_params {
        params { table: string = "default_table" }
        stage show { handler builtin.echo input { table: params.table } }
      }
      """;

  /** {@code count} stages that each sleep {@code ms} milliseconds, independently. */
  public static String sleeps(int count, int ms) {
    StringBuilder text = new StringBuilder("pipeline sleepy {\n");
    for (int i = 1; i <= count; i++) {
      text.append("  stage s%d { handler builtin.sleep input { ms: %d } }\n".formatted(i, ms));
    }
    return text.append("}\n").toString();
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON:\n" + text, e);
    }
  }
}
