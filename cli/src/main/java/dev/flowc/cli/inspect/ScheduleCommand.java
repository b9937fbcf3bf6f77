package dev.flowc.cli.inspect;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.UserException;
import dev.flowc.cli.store.StoreOptions;
import java.io.PrintWriter;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowc schedule pause|resume|remove NAME}: change one deployed schedule. */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Pause, resume or remove a deployed schedule. A paused schedule fires nothing; resumed, its"
          + " ticks missed meanwhile are caught up as its catchup policy says. Removing it keeps"
          + " the runs it made.",
      "Exit 2 when the store has no schedule of that name."
    },
    subcommands = {
      ScheduleCommand.Pause.class,
      ScheduleCommand.Resume.class,
      ScheduleCommand.Remove.class
    })
public final class ScheduleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "say what to do: pause, resume or remove, and the schedule's name");
  }

  /** What the three subcommands share: the name, the store, and the change. */
  abstract static class Change implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The schedule's name.")
    String name;

    @Mixin StoreOptions store;

    abstract void apply(dev.flowc.runtime.FlowRuntime runtime);

    abstract String done();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (StoreSession session = StoreSession.openForWriting(store)) {
        try {
          apply(session.runtime());
        } catch (NoSuchElementException e) {
          throw new UserException(
              ExitCode.USAGE,
              "no schedule '%s' in store '%s' (see 'flowc schedules')"
                  .formatted(name, session.shown()));
        }
        out.println("schedule %s %s".formatted(name, done()));
        out.flush();
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      versionProvider = FlowcVersion.class,
      description = "Pause a schedule: it fires nothing until resumed.")
  static final class Pause extends Change {
    @Override
    void apply(dev.flowc.runtime.FlowRuntime runtime) {
      runtime.pauseSchedule(name, true);
    }

    @Override
    String done() {
      return "paused";
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      versionProvider = FlowcVersion.class,
      description =
          "Resume a paused schedule; the ticks it missed are caught up as its catchup policy"
              + " says.")
  static final class Resume extends Change {
    @Override
    void apply(dev.flowc.runtime.FlowRuntime runtime) {
      runtime.pauseSchedule(name, false);
    }

    @Override
    String done() {
      return "resumed";
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      versionProvider = FlowcVersion.class,
      description = "Remove a schedule from the store; the runs it made stay.")
  static final class Remove extends Change {
    @Override
    void apply(dev.flowc.runtime.FlowRuntime runtime) {
      runtime.removeSchedule(name);
    }

    @Override
    String done() {
      return "removed";
    }
  }
}
