package dev.flowc.runtime;

import static dev.flowc.runtime.Plans.plan;
import static dev.flowc.runtime.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What handlers print and log goes to their attempt's log in the store, never to the process's
 * streams; what other threads print is left alone.
 */
class HandlerOutputTest extends RuntimeTestSupport {
  private PrintStream realOut;
  private PrintStream realErr;
  private final ByteArrayOutputStream processOut = new ByteArrayOutputStream();
  private final ByteArrayOutputStream processErr = new ByteArrayOutputStream();

  @BeforeEach
  void standInForTheProcessStreams() {
    realOut = System.out;
    realErr = System.err;
    System.setOut(new PrintStream(processOut, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreTheProcessStreams() {
    closeRuntimes(); // before the streams go back, so the workers restore ours first
    System.setOut(realOut);
    System.setErr(realErr);
  }

  private String printed(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }

  private static List<String> texts(AttemptLog log) {
    return log.lines().stream().map(LogLine::text).toList();
  }

  @Test
  void each_attempt_keeps_what_it_printed_and_logged_and_the_process_streams_get_none_of_it()
      throws Exception {
    bind(
        "test.flaky",
        (Handler<JsonNode, String>)
            (input, ctx) -> {
              System.out.println("attempt " + ctx.attempt() + " starts");
              System.err.print("warning from attempt " + ctx.attempt());
              ctx.logger().info("fetched {} rows", 10 * ctx.attempt());
              ctx.logger().debug("not recorded: below INFO");
              if (ctx.attempt() < 3) {
                IllegalStateException failure = new IllegalStateException("not yet");
                ctx.logger().error("giving up on attempt {}", ctx.attempt(), failure);
                throw failure;
              }
              return "done";
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("flaky", "test.flaky", null).retries(5)).build());

    finish(runtime, run);

    long id = job(runtime, run.id(), "flaky").id();
    List<AttemptLog> logs = runtime.jobLogs(id);
    assertThat(logs).extracting(AttemptLog::attempt).containsExactly(1, 2, 3);
    assertThat(logs.get(0).lines())
        .extracting(LogLine::level, LogLine::text)
        .startsWith(
            tuple(LogLine.Level.STDOUT, "attempt 1 starts"),
            tuple(LogLine.Level.INFO, "fetched 10 rows"));
    assertThat(logs.get(0).lines().get(2).level()).isEqualTo(LogLine.Level.ERROR);
    assertThat(logs.get(0).lines().get(2).text())
        .startsWith("giving up on attempt 1\njava.lang.IllegalStateException: not yet\n\tat ");
    assertThat(logs.get(0).lines().get(3))
        .extracting(LogLine::level, LogLine::text)
        .isEqualTo(List.of(LogLine.Level.STDERR, "warning from attempt 1"));
    assertThat(texts(logs.get(2)))
        .containsExactly("attempt 3 starts", "fetched 30 rows", "warning from attempt 3");
    assertThat(printed(processOut)).isEmpty();
    assertThat(printed(processErr)).doesNotContain("attempt");
  }

  @Test
  void a_thread_the_handler_starts_writes_to_the_same_attempt() throws Exception {
    bind(
        "test.spawns",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              Thread helper = new Thread(() -> System.out.println("from the helper thread"));
              helper.start();
              helper.join();
              return null;
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("spawns", "test.spawns", null)).build());

    finish(runtime, run);

    long id = job(runtime, run.id(), "spawns").id();
    assertThat(runtime.jobLogs(id))
        .singleElement()
        .satisfies(log -> assertThat(texts(log)).containsExactly("from the helper thread"));
    assertThat(printed(processOut)).isEmpty();
  }

  @Test
  void other_threads_print_to_the_process_streams_while_a_handler_runs() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    bind(
        "test.waits",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              System.out.println("handler line");
              running.countDown();
              release.await(30, TimeUnit.SECONDS);
              return null;
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("waits", "test.waits", null)).build());
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

    System.out.println("main thread line");
    System.err.println("main thread error");
    release.countDown();
    finish(runtime, run);

    assertThat(printed(processOut)).isEqualTo("main thread line" + System.lineSeparator());
    // contains: SLF4J may have warned there once, about having no provider in this test JVM
    assertThat(printed(processErr)).contains("main thread error").doesNotContain("handler");
    long id = job(runtime, run.id(), "waits").id();
    assertThat(texts(runtime.jobLogs(id).get(0))).containsExactly("handler line");
  }

  @Test
  void a_chatty_attempt_stores_its_first_and_last_lines_within_the_bound() throws Exception {
    bind(
        "test.chatty",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              for (int i = 0; i < 20_000; i++) {
                System.out.println("line " + i);
              }
              return null;
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("chatty", "test.chatty", null)).build());

    finish(runtime, run);

    AttemptLog log = runtime.jobLogs(job(runtime, run.id(), "chatty").id()).get(0);
    assertThat(log.lines()).hasSize(1_000);
    assertThat(log.omittedLines()).isEqualTo(19_000);
    assertThat(log.lines().get(0).text()).isEqualTo("line 0");
    assertThat(log.lines().get(log.omittedAt()).text()).isEqualTo("line 19500");
    assertThat(log.lines().get(999).text()).isEqualTo("line 19999");
    assertThat(printed(processOut)).isEmpty();
  }

  @Test
  void a_handler_closing_system_out_closes_neither_the_process_stream_nor_its_log()
      throws Exception {
    bind(
        "test.closes",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              System.out.print("before close");
              System.out.close();
              System.out.println(", after close");
              return null;
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("closes", "test.closes", null)).build());

    finish(runtime, run);

    long id = job(runtime, run.id(), "closes").id();
    assertThat(texts(runtime.jobLogs(id).get(0))).containsExactly("before close, after close");
    System.out.print("still open");
    assertThat(printed(processOut)).isEqualTo("still open");
  }

  @Test
  void what_a_listener_prints_about_a_job_a_handler_enqueued_stays_out_of_the_handlers_log()
      throws Exception {
    bind(
        "test.enqueues",
        (Handler<JsonNode, Long>)
            (input, ctx) -> {
              System.out.println("handler line");
              return openedRuntime.enqueue(EnqueueRequest.builder("builtin.noop").build());
            });
    FlowRuntime runtime = open();
    openedRuntime = runtime;
    runtime.subscribe(
        event -> {
          if (event.runId() == null && event.state() == JobState.PENDING) {
            System.out.println("listener heard of job " + event.jobId());
          }
        });
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("enqueues", "test.enqueues", null)).build());
    finish(runtime, run);

    long enqueuer = job(runtime, run.id(), "enqueues").id();
    long enqueued = runtime.job(enqueuer).orElseThrow().result().asLong();
    assertThat(texts(runtime.jobLogs(enqueuer).get(0))).containsExactly("handler line");
    assertThat(printed(processOut))
        .isEqualTo("listener heard of job " + enqueued + System.lineSeparator());
  }

  private volatile FlowRuntime openedRuntime;

  @Test
  void a_job_that_prints_nothing_has_no_log() throws Exception {
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("quiet", "builtin.noop", null)).build());

    finish(runtime, run);

    assertThat(runtime.jobLogs(job(runtime, run.id(), "quiet").id())).isEmpty();
  }

  @Test
  void a_timed_out_attempt_keeps_what_it_printed_before_the_timeout() throws Exception {
    bind(
        "test.hangs",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              System.out.println("about to hang");
              new CountDownLatch(1).await(60, TimeUnit.SECONDS);
              return null;
            });
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run =
        runtime.submit(plan().job(stage("hangs", "test.hangs", null).timeoutMs(200L)).build());

    finish(runtime, run);

    JobView job = view(runtime, run.id(), "hangs");
    assertThat(job.errors())
        .singleElement()
        .extracting(JobError::errorClass)
        .isEqualTo("flowc.Timeout");
    assertThat(runtime.jobLogs(job.id()))
        .singleElement()
        .satisfies(log -> assertThat(texts(log)).containsExactly("about to hang"));
  }

  @Test
  void the_streams_are_put_back_when_the_last_worker_stops() throws Exception {
    PrintStream before = System.out;
    FlowRuntime runtime = open();
    Worker first = runtime.startWorker(WorkerOptions.of(1));
    Worker second = runtime.startWorker(WorkerOptions.of(1));
    assertThat(System.out).isNotSameAs(before);

    first.close();
    assertThat(System.out).as("one worker still runs").isNotSameAs(before);
    second.close();

    assertThat(System.out).isSameAs(before);
  }

  @Test
  void with_capture_off_the_streams_stay_and_the_context_logger_still_records() throws Exception {
    bind(
        "test.prints",
        (Handler<JsonNode, Void>)
            (input, ctx) -> {
              System.out.println("printed");
              ctx.logger().warn("logged");
              return null;
            });
    PrintStream before = System.out;
    FlowRuntime runtime = track(builder().captureOutput(false).open());
    runtime.startWorker(WorkerOptions.of(1));
    assertThat(System.out).isSameAs(before);
    RunView run = runtime.submit(plan().job(stage("prints", "test.prints", null)).build());

    finish(runtime, run);

    assertThat(printed(processOut)).isEqualTo("printed" + System.lineSeparator());
    long id = job(runtime, run.id(), "prints").id();
    assertThat(runtime.jobLogs(id))
        .singleElement()
        .satisfies(
            log ->
                assertThat(log.lines())
                    .extracting(LogLine::level, LogLine::text)
                    .containsExactly(tuple(LogLine.Level.WARN, "logged")));
  }

  @Test
  void a_logging_backend_reaches_the_current_attempt_only_on_a_handler_thread() throws Exception {
    bind(
        "test.backend",
        (Handler<JsonNode, Boolean>)
            (input, ctx) -> CurrentJobLog.append(LogLine.Level.INFO, "via a backend"));
    FlowRuntime runtime = open();
    runtime.startWorker(WorkerOptions.of(1));
    RunView run = runtime.submit(plan().job(stage("backend", "test.backend", null)).build());

    finish(runtime, run);

    assertThat(CurrentJobLog.append(LogLine.Level.INFO, "not a handler thread")).isFalse();
    long id = job(runtime, run.id(), "backend").id();
    assertThat(texts(runtime.jobLogs(id).get(0))).containsExactly("via a backend");
  }
}
