package dev.flowc.cli.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.CommandName;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Durations;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.LogText;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.store.IdConverter;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.AttemptLog;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowc job JOB}: everything stored about one job. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Show one job: state, progress, attempts, metadata, dependencies and dependents, input,"
          + " result, and every error with its attempt and time, then the last lines the failed"
          + " attempt printed; with --logs, everything each attempt printed and logged.",
      "Exit 2 when there is no such job."
    })
public final class JobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "JOB", converter = IdConverter.class, description = "The job's id.")
  long jobId;

  @Option(
      names = "--logs",
      description =
          "Show what each attempt printed (System.out, System.err) and logged (SLF4J) instead of"
              + " the job's details.")
  boolean logs;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.open(store)) {
      FlowRuntime runtime = session.runtime();
      JobView job = session.job(jobId);
      List<AttemptLog> attemptLogs = runtime.jobLogs(jobId);
      Instant now = runtime.now();
      if (output.json()) {
        out.println(
            Json.pretty(
                logs ? logsDocument(job, attemptLogs) : withRun(runtime, job, attemptLogs, now)));
      } else if (logs) {
        printLogs(job, attemptLogs, out);
      } else {
        print(job, stages(runtime, job.summary()), now, out);
        printOutput(job, attemptLogs, out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /** Stage names of the jobs of the same run, to name dependencies. */
  /** The job's document, with its run's key and schedule tick. */
  private static com.fasterxml.jackson.databind.node.ObjectNode withRun(
      FlowRuntime runtime, JobView job, List<AttemptLog> attemptLogs, Instant now) {
    com.fasterxml.jackson.databind.node.ObjectNode document =
        RuntimeJson.job(job, attemptLogs, now);
    java.util.Optional<dev.flowc.runtime.RunView> run =
        job.summary().runId() == null
            ? java.util.Optional.empty()
            : runtime.run(job.summary().runId());
    document.put("run_key", run.map(dev.flowc.runtime.RunView::key).orElse(null));
    document.put(
        "run_scheduled_at",
        run.map(dev.flowc.runtime.RunView::scheduledAt).map(Instant::toString).orElse(null));
    return document;
  }

  private static Map<Long, String> stages(FlowRuntime runtime, JobSummary job) {
    Map<Long, String> stages = new HashMap<>();
    if (job.runId() != null) {
      runtime.stages(job.runId()).forEach(j -> stages.put(j.id(), j.stage()));
    }
    return stages;
  }

  private static void print(JobView job, Map<Long, String> stages, Instant now, PrintWriter out) {
    JobSummary s = job.summary();
    out.println(
        "job %d: %s, %s%s"
            .formatted(
                s.id(),
                s.stage(),
                s.state().label(),
                s.runId() == null ? "" : " (run " + s.runId() + ")"));
    if (s.isItem()) {
      field(
          out,
          "item",
          "%d of stage %s, element %s"
              .formatted(
                  s.itemIndex(), named(s.groupId(), stages), shortened(compact(job.element()))));
    }
    if (s.isFannedOut()) {
      field(out, "items", itemsText(job));
    }
    if (job.whenOutcome() != null) {
      field(out, "when", job.whenOutcome());
    }
    if (s.state() == dev.flowc.runtime.JobState.SKIPPED) {
      field(out, "skipped", s.skipReason());
    }
    field(out, "description", job.description());
    field(out, "handler", s.handler());
    field(out, "queue", "%s, priority %d".formatted(s.queue(), s.priority()));
    field(
        out,
        "attempts",
        "%d (retries allowed: %d)%s"
            .formatted(
                s.attempts(),
                s.maxRetries(),
                s.reclaims() == 0 ? "" : " (lost by a worker %d times)".formatted(s.reclaims())));
    field(out, "progress", s.progress() + "%");
    field(out, "created", Durations.localTime(s.createdAt()));
    field(out, "started", Durations.localTime(s.startedAt()));
    field(out, "finished", Durations.localTime(s.finishedAt()));
    field(out, "duration", Durations.format(RuntimeJson.duration(s, now)));
    if (s.cancelledBy() != null) {
      field(out, "cancelled by", named(s.cancelledBy(), stages));
    }
    field(out, "depends on", names(job.dependencies(), stages));
    field(out, "dependents", names(job.dependents(), stages));
    field(out, "metadata", compact(job.metadata()));
    field(out, "input", shortened(compact(job.input())));
    field(out, "result", shortened(compact(job.result())));
    if (job.errors().isEmpty()) {
      field(out, "errors", "none");
    } else {
      out.println("errors:");
      for (JobError error : job.errors()) {
        // An error the store recorded itself (a lease that expired too often) has no worker.
        out.println(
            "  attempt %d at %s%s: %s"
                .formatted(
                    error.attempt(),
                    Durations.localTime(error.failedAt()),
                    error.worker() == null ? "" : " on " + error.worker(),
                    error.describe()));
      }
    }
  }

  /** A fanned-out stage's items: {@code 20: 7 complete, 13 pending (flowc status RUN --items)}. */
  private static String itemsText(JobView job) {
    StringBuilder text = new StringBuilder().append(job.summary().items());
    String states =
        job.itemStates().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(e -> e.getValue() + " " + e.getKey().label())
            .collect(java.util.stream.Collectors.joining(", "));
    if (!states.isEmpty()) {
      text.append(": ").append(states);
    }
    if (job.summary().runId() != null) {
      text.append(
          " (%s status %d --items lists them)"
              .formatted(CommandName.current(), job.summary().runId()));
    }
    return text.toString();
  }

  /** {@code {"job": "7", "logs": [...]}}. */
  private static ObjectNode logsDocument(JobView job, List<AttemptLog> logs) {
    ObjectNode document = RuntimeJson.object();
    document.put("job", RuntimeJson.id(job.id()));
    document.set("logs", RuntimeJson.logs(logs));
    return document;
  }

  /** Every attempt, with its outcome when it failed, and what it wrote. */
  private static void printLogs(JobView job, List<AttemptLog> logs, PrintWriter out) {
    JobSummary s = job.summary();
    out.println("job %d: %s, %s".formatted(s.id(), s.stage(), s.state().label()));
    Map<Integer, AttemptLog> byAttempt = new HashMap<>();
    logs.forEach(log -> byAttempt.put(log.attempt(), log));
    Map<Integer, JobError> errors = new HashMap<>();
    job.errors().forEach(error -> errors.put(error.attempt(), error));
    int last = Math.max(s.attempts(), logs.isEmpty() ? 0 : logs.get(logs.size() - 1).attempt());
    if (last == 0) {
      out.println("  not run yet");
    }
    for (int attempt = 1; attempt <= last; attempt++) {
      JobError error = errors.get(attempt);
      out.println(
          "attempt %d%s".formatted(attempt, error == null ? "" : ", failed: " + error.describe()));
      AttemptLog log = byAttempt.get(attempt);
      if (log == null) {
        out.println("  no output");
      } else {
        LogText.print(log, "  ", out);
      }
    }
  }

  /**
   * After the details: the last lines of the last failed attempt, which usually say why; for a job
   * that did not fail, how much it wrote.
   */
  private static void printOutput(JobView job, List<AttemptLog> logs, PrintWriter out) {
    if (logs.isEmpty()) {
      return;
    }
    String more = "flowc job %d --logs".formatted(job.id());
    if (!job.errors().isEmpty()) {
      int failed = job.errors().get(job.errors().size() - 1).attempt();
      for (AttemptLog log : logs) {
        if (log.attempt() == failed) {
          out.println("last output of attempt %d:".formatted(failed));
          if (LogText.printLast(log, LAST_LINES, "  ", out)) {
            out.println(
                "  (%,d lines in all: %s shows every line kept)"
                    .formatted(LogText.lineCount(log), more));
          }
          return;
        }
      }
    }
    int lines = logs.stream().mapToInt(LogText::lineCount).sum();
    field(
        out,
        "output",
        "%,d %s from %d %s (%s)"
            .formatted(
                lines,
                lines == 1 ? "line" : "lines",
                logs.size(),
                logs.size() == 1 ? "attempt" : "attempts",
                more));
  }

  /** How many lines of the failed attempt the details show. */
  private static final int LAST_LINES = 10;

  private static void field(PrintWriter out, String name, String value) {
    if (value != null && !value.isEmpty()) {
      out.println("  %-13s %s".formatted(name, value));
    }
  }

  private static String names(List<Long> ids, Map<Long, String> stages) {
    return ids.isEmpty()
        ? "none"
        : ids.stream().map(id -> named(id, stages)).collect(Collectors.joining(", "));
  }

  private static String named(long id, Map<Long, String> stages) {
    String stage = stages.get(id);
    return stage == null ? Long.toString(id) : "%d (%s)".formatted(id, stage);
  }

  /** A long value cut to a line or so; the JSON output has it whole. */
  private static String shortened(String json) {
    if (json.length() <= SHOWN_CHARS) {
      return json;
    }
    return json.substring(0, SHOWN_CHARS)
        + "... (%,d characters in all; --format json shows it whole)".formatted(json.length());
  }

  private static final int SHOWN_CHARS = 300;

  private static String compact(JsonNode node) {
    return node == null ? "null" : node.toString();
  }
}
