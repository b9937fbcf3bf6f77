package dev.flowc.runtime.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.store.ClaimedJob;
import dev.flowc.runtime.store.JobStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;

/** The {@link JobContext} of one attempt. */
final class WorkerJobContext implements JobContext {
  private final Execution execution;
  private final JobStore store;
  private final JsonNode metadata;
  private final Instant deadline;
  private final String workerId;
  private final AttemptOutput output;
  private Logger logger;

  WorkerJobContext(
      Execution execution,
      JobStore store,
      JsonNode metadata,
      Instant deadline,
      String workerId,
      AttemptOutput output) {
    this.execution = execution;
    this.store = store;
    this.metadata = metadata;
    this.deadline = deadline;
    this.workerId = workerId;
    this.output = output;
  }

  private ClaimedJob job() {
    return execution.job;
  }

  @Override
  public long jobId() {
    return job().id();
  }

  @Override
  public OptionalLong runId() {
    return job().runId() == null ? OptionalLong.empty() : OptionalLong.of(job().runId());
  }

  @Override
  public String stage() {
    return job().stage();
  }

  @Override
  public String handler() {
    return job().handler();
  }

  @Override
  public String queue() {
    return job().queue();
  }

  @Override
  public int attempt() {
    return job().attempt();
  }

  @Override
  public int maxAttempts() {
    return job().maxAttempts();
  }

  @Override
  public JsonNode metadata() {
    return metadata;
  }

  @Override
  public void updateProgress(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("progress must be within 0..100, not " + percent);
    }
    if (!execution.isFinished()) {
      store.progress(job().lease(), percent);
    }
  }

  @Override
  public boolean isCancelled() {
    return execution.isCancelled();
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public Optional<Path> baseDirectory() {
    return Optional.ofNullable(job().baseDirectory()).map(Path::of);
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public synchronized Logger logger() {
    if (logger == null) {
      logger = new JobLogger("flowc.job." + job().id() + "." + job().stage(), output);
    }
    return logger;
  }
}
