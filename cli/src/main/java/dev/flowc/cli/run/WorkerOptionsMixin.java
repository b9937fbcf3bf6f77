package dev.flowc.cli.run;

import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.runtime.WorkerOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --workers N}, {@code --prefetch N} and {@code -cp CP} of the commands that run jobs, over
 * flowc.yaml's.
 */
public final class WorkerOptionsMixin {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = {"-w", "--workers"},
      paramLabel = "N",
      description =
          "How many jobs to run at once (default: 'workers' of flowc.yaml, else "
              + FlowcConfig.DEFAULT_WORKERS
              + ").")
  Integer workers;

  @Option(
      names = "--prefetch",
      paramLabel = "N",
      description =
          "How many claimed jobs the worker may hold beyond its free threads (default:"
              + " 'prefetch' of flowc.yaml, else automatic: about 20 ms of work per thread, 4 to 508"
              + " jobs per worker); 0 claims only what it can start at once. A job of a higher priority"
              + " starts first either way.")
  Integer prefetch;

  @Option(
      names = {"-cp", "--classpath"},
      paramLabel = "CP",
      description =
          "Where the handler classes are: directories and jars separated by the path separator;"
              + " DIR/* is every jar in DIR (default: 'classpath' of flowc.yaml).")
  String classpath;

  /** {@code config} with the options given on the command line. */
  FlowcConfig apply(FlowcConfig config, ConfigLoader loader) {
    FlowcConfig result = config;
    if (workers != null) {
      if (workers < 1) {
        throw new ParameterException(
            spec.commandLine(), "--workers must be at least 1, not " + workers);
      }
      result = result.withWorkers(workers);
    }
    if (prefetch != null && prefetch < 0) {
      throw new ParameterException(
          spec.commandLine(), "--prefetch must not be negative, not " + prefetch);
    }
    if (prefetch != null) {
      result = result.withPrefetch(prefetch);
    }
    if (classpath != null) {
      result = result.withClasspath(loader.resolveClasspath(classpath));
    }
    return result;
  }

  /** The options of a worker of {@code config}'s workers and prefetch (after {@link #apply}). */
  static WorkerOptions workerOptions(FlowcConfig config) {
    WorkerOptions options = WorkerOptions.of(config.workers());
    return config.prefetch() == null ? options : options.withPrefetch(config.prefetch());
  }
}
