package dev.flowc.cli.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.compiler.parse.Literals;
import dev.flowc.runtime.PurgeReport;
import dev.flowc.runtime.PurgeRequest;
import dev.flowc.runtime.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code flowc purge}: removes old finished runs with everything they hold. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Remove the runs that finished more than --older-than ago, with everything they hold: jobs,"
          + " results, error history, logs, dependencies, fan-out items and dead letters. A run"
          + " that is not finished is never touched; runs' idempotency keys are kept. Workers may"
          + " go on meanwhile: it works in short transactions, each run removed whole.",
      "Dead letters go only when --status names failed (as by default): with --status"
          + " complete,cancelled, a run that holds a dead job is kept.",
      "Exit 2 for a bad duration or status, 3 when the store cannot be opened or used."
    })
public final class PurgeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--older-than",
      paramLabel = "DURATION",
      required = true,
      converter = AgeConverter.class,
      description = "How long ago a run must have finished: 30d, 12h, 90m, 0s...")
  Duration olderThan;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      split = ",",
      converter = StatusConverter.class,
      description =
          "Which finished runs, separated by commas: complete, failed, cancelled (default: all"
              + " three).")
  List<RunStatus> statuses = new ArrayList<>();

  @Option(
      names = "--dry-run",
      description =
          "Say what would be removed, and remove nothing (the store is opened read-only).")
  boolean dryRun;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  /** A duration as {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or {@code 500ms}. */
  static final class AgeConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      OptionalLong millis = Literals.parseDuration(value.strip());
      if (millis.isEmpty() || millis.getAsLong() < 0) {
        throw new TypeConversionException(
            "'%s' is not a duration: write a whole number and a unit, such as 30d, 12h, 90m or 45s"
                .formatted(value));
      }
      return Duration.ofMillis(millis.getAsLong());
    }
  }

  /** A finished run's status; {@code running} is refused with the reason. */
  static final class StatusConverter implements ITypeConverter<RunStatus> {
    @Override
    public RunStatus convert(String value) {
      String label = value.strip().toLowerCase(Locale.ROOT);
      if (label.equals("running")) {
        throw new TypeConversionException("running runs are never purged");
      }
      for (RunStatus status : RunStatus.values()) {
        if (status.isFinal() && status.label().equals(label)) {
          return status;
        }
      }
      throw new TypeConversionException(
          "expected complete, failed or cancelled, not '%s'".formatted(value));
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Set<RunStatus> chosen =
        statuses.isEmpty()
            ? EnumSet.of(RunStatus.COMPLETE, RunStatus.FAILED, RunStatus.CANCELLED)
            : EnumSet.copyOf(statuses);
    PurgeRequest request = PurgeRequest.olderThan(olderThan, chosen);
    if (dryRun) {
      request = request.asDryRun();
    }
    try (StoreSession session =
        dryRun ? StoreSession.open(store) : StoreSession.openForWriting(store)) {
      PurgeReport report = session.runtime().purge(request);
      String age = olderThan.isZero() ? "0s" : Literals.formatDuration(olderThan.toMillis());
      if (output.json()) {
        out.println(Json.pretty(json(report, age, chosen)));
      } else {
        out.println(text(report, age, chosen));
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  private static String labels(Set<RunStatus> statuses) {
    return statuses.stream().map(RunStatus::label).collect(Collectors.joining(", "));
  }

  private static ObjectNode json(PurgeReport report, String age, Set<RunStatus> statuses) {
    ObjectNode document = RuntimeJson.object();
    document.put("dry_run", report.dryRun());
    document.put("older_than", age);
    ArrayNode array = document.putArray("statuses");
    statuses.forEach(status -> array.add(status.label()));
    document.put("runs", report.runs());
    document.put("jobs", report.jobs());
    document.put("log_lines", report.logLines());
    document.put("errors", report.errors());
    document.put("dead_letters", report.deadLetters());
    if (report.bytesReclaimed() < 0) {
      document.putNull("bytes_reclaimed");
    } else {
      document.put("bytes_reclaimed", report.bytesReclaimed());
    }
    return document;
  }

  static String text(PurgeReport report, String age, Set<RunStatus> statuses) {
    if (report.runs() == 0) {
      return "nothing to purge: no %s run finished more than %s ago%s"
          .formatted(
              either(statuses.stream().map(RunStatus::label).toList()),
              age,
              statuses.contains(RunStatus.FAILED) ? "" : " without a dead job");
    }
    String what =
        "%s (%s, %s, %s, %s)"
            .formatted(
                count(report.runs(), "run"),
                count(report.jobs(), "job"),
                count(report.logLines(), "log line"),
                count(report.errors(), "error"),
                count(report.deadLetters(), "dead letter"));
    if (report.dryRun()) {
      return "dry run: would purge %s: %s runs that finished more than %s ago; nothing was removed"
          .formatted(what, labels(statuses), age);
    }
    String space =
        report.bytesReclaimed() < 0
            ? "the database reuses their space"
            : "%s given back to the file system".formatted(bytes(report.bytesReclaimed()));
    return "purged %s: %s runs that finished more than %s ago; %s"
        .formatted(what, labels(statuses), age, space);
  }

  /** {@code complete, failed or cancelled}. */
  private static String either(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or "
        + words.get(words.size() - 1);
  }

  private static String count(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** {@code 512 bytes}, {@code 3.4 MB}: decimal units, as file managers show them. */
  static String bytes(long bytes) {
    if (bytes < 1_000) {
      return bytes + " bytes";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1_000 && unit < units.length - 1) {
      value /= 1_000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
