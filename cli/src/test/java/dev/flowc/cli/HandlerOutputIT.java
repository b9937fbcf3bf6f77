package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowc.cli.FlowcProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What handlers print and log, through the packaged jar: it never reaches flowc's stdout, and
 * {@code flowc job} shows it per attempt.
 */
class HandlerOutputIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String MODULE =
      """
      package com.example.chatty;

      import com.fasterxml.jackson.databind.JsonNode;
      import com.google.inject.AbstractModule;
      import dev.flowc.runtime.Handler;
      import dev.flowc.runtime.JobContext;
      import dev.flowc.runtime.guice.HandlerBinder;
      import org.slf4j.LoggerFactory;

      public final class ChattyModule extends AbstractModule {
        public static final class Chatty implements Handler<JsonNode, String> {
          @Override
          public String handle(JsonNode input, JobContext context) throws Exception {
            System.out.println("{\\"not\\": \\"flowc's\\"} from attempt " + context.attempt());
            System.err.println("stderr of attempt " + context.attempt());
            LoggerFactory.getLogger(Chatty.class).info("own logger, attempt {}", context.attempt());
            context.logger().warn("context logger, attempt {}", context.attempt());
            Thread helper = new Thread(() -> System.out.println("helper thread"));
            helper.start();
            helper.join();
            if (context.attempt() == 1) {
              throw new IllegalStateException("first attempt fails");
            }
            return "ok";
          }
        }

        @Override
        protected void configure() {
          HandlerBinder.of(binder()).bind("chatty", Chatty.class);
        }
      }
      """;

  private static final String PIPELINE =
      """
      pipeline chatty {
        stage talk {
          handler "chatty"
          retries 1
          backoff 1ms
        }
      }
      """;

  @TempDir Path dir;
  private FlowcProcess flowc;

  @BeforeEach
  void writeProject() throws Exception {
    JavaClasses.compile(dir.resolve("handlers"), List.of(MODULE));
    Files.writeString(dir.resolve("chatty.flow"), PIPELINE, UTF_8);
    Files.writeString(
        dir.resolve("flowc.yaml"),
        "classpath: [handlers]\nmodules: [com.example.chatty.ChattyModule]\n",
        UTF_8);
    flowc = new FlowcProcess(dir);
  }

  private static List<String> texts(JsonNode log) {
    return StreamSupport.stream(log.get("lines").spliterator(), false)
        .map(line -> line.get("level").asText() + " " + line.get("text").asText())
        .toList();
  }

  @Test
  void handler_output_never_reaches_stdout_and_flowc_job_shows_it_per_attempt() throws Exception {
    Result run = flowc.run("run", "--format", "json", "--no-live", "chatty.flow");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode status = JSON.readTree(run.out());
    assertThat(status.at("/run/status").asText()).isEqualTo("complete");
    assertThat(run.out()).doesNotContain("from attempt").doesNotContain("helper thread");
    assertThat(run.err())
        .doesNotContain("SLF4J")
        .doesNotContain("stderr of attempt")
        .doesNotContain("logger, attempt");

    Result json = flowc.run("job", "1", "--format", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode logs = JSON.readTree(json.out()).get("logs");
    assertThat(logs).hasSize(2);
    assertThat(logs.get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(texts(logs.get(0)))
        .containsExactlyInAnyOrder(
            "stdout {\"not\": \"flowc's\"} from attempt 1",
            "stderr stderr of attempt 1",
            "INFO own logger, attempt 1",
            "WARN context logger, attempt 1",
            "stdout helper thread");
    assertThat(texts(logs.get(1))).contains("stdout {\"not\": \"flowc's\"} from attempt 2");
    assertThat(logs.get(1).get("omitted_lines").asInt()).isZero();
    assertThat(logs.get(1).get("omitted_at").isNull()).isTrue();

    Result text = flowc.run("job", "1", "--logs");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .startsWith("job 1: talk, complete\nattempt 1, failed: java.lang.IllegalStateException:")
        .containsPattern("\n  \\d\\d:\\d\\d:\\d\\d\\.\\d{3} stdout  \\{\"not\": \"flowc's\"\\}")
        .contains("\nattempt 2\n")
        .contains(" WARN    context logger, attempt 2\n");

    Result details = flowc.run("job", "1");
    assertThat(details.out())
        .contains("errors:\n  attempt 1 at ")
        .contains("last output of attempt 1:\n")
        .contains(" stderr  stderr of attempt 1\n");
  }
}
