package dev.flowc.cli;

import dev.flowc.cli.render.Style;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code flowc}: the top-level command, which only dispatches to subcommands. */
@Command(
    name = "flowc",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = "Check, compile and draw pipelines written in the .flow language.",
    subcommands = {
      CheckCommand.class,
      CompileCommand.class,
      GraphCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 the pipeline has errors, 2 usage error, 3 store error,",
      "70 internal error (a bug in flowc: rerun with --debug and report it).",
      "See docs/cli.md for every command and option."
    })
public final class FlowcCommand implements Runnable {
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces of unexpected errors.")
  boolean debug;

  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  /** The colours of diagnostics, as --color and the terminal decide. */
  Style style() {
    return output.style();
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a command is required: check, compile or graph");
  }
}
