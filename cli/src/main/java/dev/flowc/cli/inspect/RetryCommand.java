package dev.flowc.cli.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.cli.CommandName;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.UserException;
import dev.flowc.cli.render.DataFormatOption;
import dev.flowc.cli.render.Json;
import dev.flowc.cli.render.RuntimeJson;
import dev.flowc.cli.store.IdConverter;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.runtime.JobSummary;
import java.io.PrintWriter;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowc retry JOB}: replay a dead job and the dependents it cancelled. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Replay a dead job: it gets a new retry budget and is pending again, and the dependents"
          + " cancelled because of it wait for it again. A worker (or 'flowc resume RUN') then"
          + " runs them.",
      "Exit 2 when there is no such job or it is not dead."
    })
public final class RetryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "JOB", converter = IdConverter.class, description = "The dead job.")
  long jobId;

  @Mixin StoreOptions store;

  @Mixin DataFormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (StoreSession session = StoreSession.openForWriting(store)) {
      JobSummary job = session.job(jobId).summary();
      int restored;
      try {
        restored = session.runtime().retry(jobId);
      } catch (NoSuchElementException e) {
        throw session.missing("job", jobId);
      } catch (IllegalStateException e) {
        throw notDead(job);
      }
      if (output.json()) {
        ObjectNode document = RuntimeJson.object();
        document.put("job", RuntimeJson.id(jobId));
        document.put("run", job.runId() == null ? null : RuntimeJson.id(job.runId()));
        document.put("stage", job.stage());
        document.put("restored_dependents", restored);
        out.println(Json.pretty(document));
      } else {
        out.println(
            "job %d (%s) is pending again; %d dependent%s restored"
                .formatted(jobId, job.stage(), restored, restored == 1 ? "" : "s"));
        if (job.runId() != null) {
          out.println(
              "a worker runs it, or this process: %s resume %d"
                  .formatted(CommandName.current(), job.runId()));
        }
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  private static UserException notDead(JobSummary job) {
    return new UserException(
        ExitCode.USAGE,
        "job %d (%s) is %s, not dead: only dead jobs can be retried"
            .formatted(job.id(), job.stage(), job.state().label()));
  }
}
