package dev.flowc.cli.init;

import dev.flowc.cli.FlowcVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code flowc init}: starts a handler project or a pipeline file from a template. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Start something new from a template: a Maven project of handlers (init handlers DIR), or a"
          + " commented pipeline file (init pipeline NAME)."
    },
    subcommands = {InitHandlersCommand.class, InitPipelineCommand.class})
public final class InitCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "say what to create: 'init handlers DIR' or 'init pipeline NAME'");
  }
}
