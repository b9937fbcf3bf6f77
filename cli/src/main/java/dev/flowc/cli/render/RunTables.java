package dev.flowc.cli.render;

import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A run and its jobs as text: {@code flowc status} and the summary of {@code flowc run}. */
public final class RunTables {
  private RunTables() {}

  /** {@code run 12 (etl): failed, 3 complete, 1 dead, 1 cancelled; took 1.2s}. */
  public static String headline(RunView run, List<JobSummary> jobs, Instant now, Style style) {
    return headline(run, jobs, "", now, style);
  }

  /** As {@link #headline(RunView, List, Instant, Style)}, {@code more} after the counts. */
  private static String headline(
      RunView run, List<JobSummary> jobs, String more, Instant now, Style style) {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobSummary job : jobs) {
      counts.merge(job.state(), 1L, Long::sum);
    }
    String states =
        counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().label())
            .collect(Collectors.joining(", "));
    String took =
        run.finishedAt() == null
            ? "running for " + Durations.format(Durations.between(run.createdAt(), null, now))
            : "took " + Durations.format(Durations.between(run.createdAt(), run.finishedAt(), now));
    return "run %d (%s): %s, %s; started %s, %s"
        .formatted(
            run.id(),
            run.pipeline(),
            style.paint(color(run.status()), run.status().label()),
            (states.isEmpty() ? "no jobs" : states) + more,
            Durations.localTime(run.createdAt()),
            took);
  }

  /** One row per job: id, stage, state, queue, attempts, progress, duration, last error. */
  public static TextTable jobs(List<JobSummary> jobs, Instant now) {
    return jobs(new RunJobs(jobs, Map.of(), Map.of()), now);
  }

  /**
   * One row per stage: id, stage, state, queue, attempts, progress, duration, last error; with a
   * column of item counts when a stage fanned out, and after a fanned-out stage its items, when
   * given, as {@code STAGE[INDEX]}.
   */
  public static TextTable jobs(RunJobs jobs, Instant now) {
    boolean items = jobs.hasItems();
    List<String> headers =
        new java.util.ArrayList<>(
            List.of("ID", "STAGE", "STATE", "QUEUE", "ATTEMPTS", "PROGRESS", "DURATION"));
    if (items) {
      headers.add("ITEMS");
    }
    headers.add("LAST ERROR");
    TextTable table = new TextTable(headers.toArray(String[]::new));
    java.util.Map<Long, String> stages = new java.util.HashMap<>();
    for (JobSummary job : jobs.stages()) {
      stages.put(job.id(), job.stage());
    }
    for (JobSummary job : jobs.stages()) {
      row(table, job, job.stage(), items ? jobs.itemsText(job) : null, stages, now);
      for (JobSummary item : jobs.items().getOrDefault(job.id(), List.of())) {
        row(
            table,
            item,
            item.stage() + "[" + item.itemIndex() + "]",
            items ? "" : null,
            stages,
            now);
      }
    }
    return table;
  }

  private static void row(
      TextTable table,
      JobSummary job,
      String stage,
      String items,
      java.util.Map<Long, String> stages,
      Instant now) {
    List<Object> cells =
        new java.util.ArrayList<>(
            List.of(
                job.id(),
                stage,
                job.state().label(),
                job.queue(),
                job.attempts(),
                job.progress() + "%",
                Durations.format(RuntimeJson.duration(job, now))));
    if (items != null) {
      cells.add(items);
    }
    cells.add(lastError(job, stages));
    table.row(cells.toArray());
  }

  /** The last error, or for a job cancelled because of another, which one; or why it skipped. */
  private static String lastError(JobSummary job, java.util.Map<Long, String> stages) {
    if (job.state() == JobState.COMPLETE) {
      return "";
    }
    if (job.state() == JobState.SKIPPED) {
      return job.skipReason() == null ? "skipped" : "skipped: " + job.skipReason();
    }
    if (job.state() == JobState.CANCELLED && job.cancelledBy() != null) {
      String cause = stages.get(job.cancelledBy());
      return "cancelled: job %d%s did not complete"
          .formatted(job.cancelledBy(), cause == null ? "" : " (" + cause + ")");
    }
    return oneLine(job.lastError());
  }

  /** The headline and the jobs' table. */
  public static void print(
      RunView run, List<JobSummary> jobs, Instant now, Style style, PrintWriter out) {
    print(run, new RunJobs(jobs, Map.of(), Map.of()), now, style, out);
  }

  /**
   * The headline (stages counted by state, then the items of fanned-out stages) and the table of
   * {@link #jobs(RunJobs, Instant)}.
   */
  public static void print(RunView run, RunJobs jobs, Instant now, Style style, PrintWriter out) {
    String more = "";
    if (jobs.hasItems()) {
      Map<JobState, Long> items = new EnumMap<>(JobState.class);
      jobs.itemStates().values().forEach(c -> c.forEach((s, n) -> items.merge(s, n, Long::sum)));
      long total = items.values().stream().mapToLong(Long::longValue).sum();
      String states =
          items.entrySet().stream()
              .filter(e -> e.getValue() > 0)
              .map(e -> e.getValue() + " " + e.getKey().label())
              .collect(Collectors.joining(", "));
      more = total == 0 ? "; no items" : "; %s: %s".formatted(count(total, "item"), states);
    }
    out.println(headline(run, jobs.stages(), more, now, style));
    jobs(jobs, now).print(out);
  }

  /** {@code 1 job}, {@code 3 jobs}. */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The ANSI colour of a job state. */
  public static String color(JobState state) {
    return switch (state) {
      case COMPLETE -> "32";
      case RUNNING -> "36";
      case RETRYING -> "33";
      case DEAD -> "31";
      case CANCELLED -> "35";
      case PENDING, BLOCKED, SKIPPED -> "2";
    };
  }

  private static String color(dev.flowc.runtime.RunStatus status) {
    return switch (status) {
      case COMPLETE -> "1;32";
      case RUNNING -> "1;36";
      case FAILED -> "1;31";
      case CANCELLED -> "1;35";
    };
  }

  /**
   * The first line of an error ({@code Class: message}) for a table: the class without its package
   * or outer class, at most 100 characters.
   */
  public static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip().lines().findFirst().orElse("");
    line = line.replaceFirst("^(?:[A-Za-z_][\\w]*[.$])+([A-Za-z_][\\w]*)(?=: |$)", "$1");
    return line.length() <= 100 ? line : line.substring(0, 99) + "…";
  }

  /** The job's last error on one line (see {@link #oneLine}), or empty when it has none. */
  public static String lastError(JobView job) {
    List<JobError> errors = job.errors();
    return errors.isEmpty() ? "" : oneLine(errors.get(errors.size() - 1).describe());
  }
}
