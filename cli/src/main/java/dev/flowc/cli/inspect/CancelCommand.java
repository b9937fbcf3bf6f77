package dev.flowc.cli.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.CommandName;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.store.IdConverter;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.RunView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowc cancel --run RUN} or {@code flowc cancel --job JOB}. Run and job ids are separate
 * sequences (run 3 and job 3 are unrelated), so the option says which is meant.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Cancel a run (every job of it that is not final) or one job (and its dependents). A"
          + " running job is asked to stop and is cancelled when its handler returns.",
      "Exit 2 when there is no such run or job."
    })
public final class CancelCommand implements Callable<Integer> {
  /** Exactly one of the two. */
  static final class Target {
    @Option(
        names = "--run",
        paramLabel = "RUN",
        converter = IdConverter.class,
        required = true,
        description = "Cancel this run.")
    Long runId;

    @Option(
        names = "--job",
        paramLabel = "JOB",
        converter = IdConverter.class,
        required = true,
        description = "Cancel this job and its dependents.")
    Long jobId;
  }

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target;

  /** Only to say what to write instead of a bare id, which could be a run's or a job's. */
  @Parameters(paramLabel = "ID", arity = "0..1", hidden = true)
  String bare;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (target == null) {
      String id = bare == null ? "ID" : bare;
      throw new ParameterException(
          spec.commandLine(),
          "say what to cancel: '%s cancel --run %s' or '%s cancel --job %s'"
              .formatted(CommandName.current(), id, CommandName.current(), id));
    }
    try (StoreSession session = StoreSession.openForWriting(store)) {
      ObjectNode document = RuntimeJson.object();
      String text;
      if (target.runId != null) {
        long runId = target.runId;
        RunView run = session.run(runId);
        int cancelled = session.runtime().cancelRun(runId);
        document.put("run", RuntimeJson.id(runId));
        document.put("cancelled", cancelled);
        text =
            run.status().isFinal() && cancelled == 0
                ? "run %d is already %s; nothing to cancel".formatted(runId, run.status().label())
                : "run %d cancelled: %d job%s cancelled or asked to stop"
                    .formatted(runId, cancelled, cancelled == 1 ? "" : "s");
      } else {
        long jobId = target.jobId;
        JobSummary job = session.job(jobId).summary();
        boolean cancelled = session.runtime().cancel(jobId);
        document.put("job", RuntimeJson.id(jobId));
        document.put("cancelled", cancelled);
        text =
            cancelled
                ? "job %d (%s) cancelled, with its dependents".formatted(jobId, job.stage())
                : "job %d (%s) is already %s; nothing to cancel"
                    .formatted(jobId, job.stage(), job.state().label());
      }
      out.println(output.json() ? Json.pretty(document) : text);
      out.flush();
      return ExitCode.OK;
    }
  }
}
