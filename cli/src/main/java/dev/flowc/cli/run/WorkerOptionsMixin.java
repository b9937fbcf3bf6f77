package dev.flowc.cli.run;

import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --workers N} and {@code -cp CP} of the commands that run jobs, over flowc.yaml's. */
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
    if (classpath != null) {
      result = result.withClasspath(loader.resolveClasspath(classpath));
    }
    return result;
  }
}
