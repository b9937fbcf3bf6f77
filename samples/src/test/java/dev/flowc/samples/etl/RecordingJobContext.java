package dev.flowc.samples.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.runtime.JobContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** A job context for calling a handler directly: a fixed job, and the progress it reports. */
final class RecordingJobContext implements JobContext {
  private final long jobId;
  private final Long runId;
  private final int attempt;
  private final Path baseDirectory;
  private final List<Integer> progress = new CopyOnWriteArrayList<>();

  private RecordingJobContext(long jobId, Long runId, int attempt, Path baseDirectory) {
    this.jobId = jobId;
    this.runId = runId;
    this.attempt = attempt;
    this.baseDirectory = baseDirectory;
  }

  /** Job 7 of run 3, first attempt, relative paths against {@code baseDirectory}. */
  static RecordingJobContext in(Path baseDirectory) {
    return new RecordingJobContext(7, 3L, 1, baseDirectory);
  }

  RecordingJobContext attempt(int attempt) {
    return new RecordingJobContext(jobId, runId, attempt, baseDirectory);
  }

  RecordingJobContext job(long jobId, Long runId) {
    return new RecordingJobContext(jobId, runId, attempt, baseDirectory);
  }

  /** Every value passed to {@link #updateProgress}, in order. */
  List<Integer> progress() {
    return List.copyOf(progress);
  }

  @Override
  public long jobId() {
    return jobId;
  }

  @Override
  public OptionalLong runId() {
    return runId == null ? OptionalLong.empty() : OptionalLong.of(runId);
  }

  @Override
  public String stage() {
    return "test";
  }

  @Override
  public String handler() {
    return "test";
  }

  @Override
  public String queue() {
    return "default";
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public int maxAttempts() {
    return 6;
  }

  @Override
  public JsonNode metadata() {
    return JsonNodeFactory.instance.objectNode();
  }

  @Override
  public void updateProgress(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("progress must be 0..100, not " + percent);
    }
    progress.add(percent);
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public Optional<Path> baseDirectory() {
    return Optional.ofNullable(baseDirectory);
  }

  @Override
  public String workerId() {
    return "test:1:1";
  }
}
