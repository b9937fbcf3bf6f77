package dev.flowc.cli;

import dev.flowc.cli.init.InitCommand;
import dev.flowc.cli.inspect.CancelCommand;
import dev.flowc.cli.inspect.DeadLettersCommand;
import dev.flowc.cli.inspect.JobCommand;
import dev.flowc.cli.inspect.PurgeCommand;
import dev.flowc.cli.inspect.RetryCommand;
import dev.flowc.cli.inspect.RunsCommand;
import dev.flowc.cli.inspect.StatsCommand;
import dev.flowc.cli.inspect.StatusCommand;
import dev.flowc.cli.inspect.WorkersCommand;
import dev.flowc.cli.render.Style;
import dev.flowc.cli.run.ResumeCommand;
import dev.flowc.cli.run.RunCommand;
import dev.flowc.cli.run.SubmitCommand;
import dev.flowc.cli.run.WorkerCommand;
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
    description = {
      "Check, compile and draw pipelines written in the .flow language, run them on a durable"
          + " job queue, and inspect and operate their runs."
    },
    subcommands = {
      CheckCommand.class,
      CompileCommand.class,
      GraphCommand.class,
      InitCommand.class,
      RunCommand.class,
      SubmitCommand.class,
      ResumeCommand.class,
      WorkerCommand.class,
      dev.flowc.cli.run.DeployCommand.class,
      dev.flowc.cli.run.SchedulerCommand.class,
      RunsCommand.class,
      StatusCommand.class,
      JobCommand.class,
      StatsCommand.class,
      DeadLettersCommand.class,
      WorkersCommand.class,
      RetryCommand.class,
      CancelCommand.class,
      dev.flowc.cli.inspect.SchedulesCommand.class,
      dev.flowc.cli.inspect.ScheduleCommand.class,
      PurgeCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 the pipeline has errors or the run failed, 2 usage error,",
      "3 the store cannot be opened or used,",
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

  /** The colours of what goes to standard output, as --color and the terminal decide. */
  public Style style() {
    return output.style();
  }

  /** The colours of what goes to standard error (diagnostics, progress), likewise. */
  public Style errStyle() {
    return output.errStyle();
  }

  /**
   * Whether standard error, where progress goes, is a terminal whose {@code TERM} is not {@code
   * dumb}: where a live display may redraw lines in place.
   */
  public boolean interactive() {
    return OutputOptions.stderrIsTerminal() && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a command is required, such as check, run or status");
  }
}
