package dev.flowc.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a handler knows about the job it runs, and how it reports back while it runs. */
public interface JobContext {

  /** The job's id. */
  long jobId();

  /** The id of the run the job belongs to; empty for a job enqueued on its own. */
  OptionalLong runId();

  /** The job's stage name (for an enqueued job, the name given, else its handler). */
  String stage();

  /** The handler name the job was bound to. */
  String handler();

  /** The queue the job was claimed from. */
  String queue();

  /** This attempt's number, 1 for the first. */
  int attempt();

  /** How many attempts the job may make in all (retries + 1). */
  int maxAttempts();

  /** The job's metadata, a JSON object. */
  JsonNode metadata();

  /**
   * Records the job's progress, visible to every reader of the store.
   *
   * @param percent 0..100
   * @throws IllegalArgumentException when {@code percent} is outside 0..100
   */
  void updateProgress(int percent);

  /**
   * Whether the job was cancelled (or the attempt timed out, or the worker is shutting down). A
   * long handler should check it between steps and return early; its thread is also interrupted.
   */
  boolean isCancelled();

  /** When this attempt's hard timeout expires, if the job has one. */
  Optional<Instant> deadline();

  /**
   * The directory relative paths of the run resolve against: the pipeline file's directory for a
   * run submitted from a {@code .flow} file; empty for a plan or job submitted without one.
   */
  Optional<Path> baseDirectory();

  /**
   * Resolves a path given in a job's input: an absolute path as is, a relative one against {@link
   * #baseDirectory()} (or the working directory when there is none).
   */
  default Path resolvePath(String path) {
    Path given = Path.of(path);
    if (given.isAbsolute()) {
      return given;
    }
    return baseDirectory().map(dir -> dir.resolve(given)).orElse(given).normalize();
  }

  /** The id of the worker running the attempt, as recorded in the error history. */
  String workerId();

  /**
   * A logger whose events, INFO and above, go to this attempt's log with their level and time
   * ({@code flowc job N --logs} shows it; see docs/runtime.md, "Handler output"). A worker's
   * context records them; this default, for contexts made elsewhere (tests), logs through SLF4J's
   * {@link LoggerFactory} as usual.
   */
  default Logger logger() {
    return LoggerFactory.getLogger("flowc.job." + stage());
  }
}
