package dev.flowc.cli.run;

import dev.flowc.cli.ExitCode;
import dev.flowc.cli.FlowcCommand;
import dev.flowc.cli.FlowcVersion;
import dev.flowc.cli.ParamOptions;
import dev.flowc.cli.SourceFiles;
import dev.flowc.cli.UserException;
import dev.flowc.cli.config.ConfigLoader;
import dev.flowc.cli.config.FlowcConfig;
import dev.flowc.cli.schedule.ScheduleClock;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.StoreOptions;
import dev.flowc.compiler.CompileResult;
import dev.flowc.compiler.FlowCompiler;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Plan;
import dev.flowc.dag.Schedule;
import dev.flowc.runtime.FlowRuntime;
import dev.flowc.runtime.ScheduleView;
import dev.flowc.runtime.ScheduledPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flowc deploy FILE...}: store pipelines' schedules, each with the plan it runs. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    versionProvider = FlowcVersion.class,
    description = {
      "Check and compile pipelines and store their schedules in the store, each with the plan"
          + " its runs start from (the pipeline compiled with the schedule's params). A"
          + " pipeline's schedules replace those it had: schedules no longer in the file are"
          + " removed, kept ones keep their last run and pause flag. Workers ('flowc worker') and"
          + " 'flowc scheduler' fire them. Handlers are not needed to deploy.",
      "Prints one line per schedule with its next tick. A first deploy fires no tick from"
          + " before it.",
      "Exit 1 when a file has errors or a schedule name is deployed for another pipeline:"
          + " nothing is stored then."
    })
public final class DeployCommand implements Callable<Integer> {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "The .flow files to deploy.")
  List<Path> files;

  @Mixin ParamOptions params;

  @Mixin StoreOptions store;

  @ParentCommand FlowcCommand flowc;

  /** A file compiled for each of its schedules. */
  private record Deployment(Path file, String pipeline, List<ScheduledPlan> schedules) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigLoader loader = ConfigLoader.inWorkingDirectory();
    // Every file checked and compiled before anything is stored.
    List<Deployment> deployments = new ArrayList<>();
    boolean failed = false;
    FlowcConfig config = null;
    for (Path file : files) {
      SourceFile source = SourceFiles.read(file);
      FlowcConfig fileConfig =
          store.apply(loader.forPipeline(file), loader).withParams(params.values());
      if (config == null) {
        config = fileConfig;
      }
      CompileResult compiled =
          PlanCompiler.compile(source, fileConfig.params(), flowc.errStyle(), err);
      if (compiled.plan().isEmpty()) {
        failed = true;
        continue;
      }
      Plan plan = compiled.plan().get();
      String base = file.toAbsolutePath().normalize().getParent().toString();
      List<ScheduledPlan> scheduled = new ArrayList<>();
      for (Schedule schedule : plan.schedules()) {
        Plan forSchedule = compileFor(source, fileConfig.params(), schedule, err);
        if (forSchedule == null) {
          failed = true;
          continue;
        }
        scheduled.add(new ScheduledPlan(schedule, forSchedule.withoutSchedules(), base));
      }
      deployments.add(new Deployment(file, plan.pipeline(), scheduled));
    }
    if (failed) {
      return ExitCode.FAILED;
    }
    requireDistinctNames(deployments);
    java.time.Clock clock = ScheduleClock.fromEnvironment();
    try (FlowRuntime runtime =
        RuntimeFactory.open(config, null, RuntimeFactory.Use.CREATE, loader, store.notices())) {
      requireOwnNames(runtime, deployments);
      java.time.Instant now = clock == null ? runtime.now() : clock.instant();
      for (Deployment deployment : deployments) {
        Set<String> before =
            runtime.schedules().stream()
                .filter(s -> s.pipeline().equals(deployment.pipeline()))
                .map(ScheduleView::name)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        List<ScheduleView> deployed;
        try {
          deployed = runtime.deploy(deployment.pipeline(), deployment.schedules(), now);
        } catch (IllegalArgumentException e) {
          throw new UserException(
              ExitCode.FAILED, "%s: %s".formatted(deployment.file(), e.getMessage()));
        }
        for (ScheduleView schedule : deployed) {
          before.remove(schedule.name());
          out.println(
              "deployed schedule %s (%s): %s %s, next tick %s (%s)%s"
                  .formatted(
                      schedule.name(),
                      schedule.pipeline(),
                      schedule.cron(),
                      schedule.timezone(),
                      schedule.nextTick() == null
                          ? "never"
                          : LOCAL.format(
                              schedule.nextTick().atZone(ZoneId.of(schedule.timezone()))),
                      schedule.nextTick() == null ? "the cron never fires" : schedule.nextTick(),
                      schedule.paused() ? ", paused" : ""));
        }
        for (String removed : before) {
          out.println(
              "removed schedule %s (%s): no longer in %s"
                  .formatted(removed, deployment.pipeline(), deployment.file()));
        }
        if (deployed.isEmpty() && before.isEmpty()) {
          out.println(
              "%s (%s) has no schedules: nothing to deploy"
                  .formatted(deployment.file(), deployment.pipeline()));
        }
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /**
   * The pipeline compiled with {@code schedule}'s params over the configured ones, or null when
   * that has errors (printed).
   */
  private Plan compileFor(
      SourceFile source, Map<String, String> params, Schedule schedule, PrintWriter err) {
    CompileResult compiled = FlowCompiler.compileForSchedule(source, params, schedule.name());
    if (compiled.plan().isEmpty()) {
      // Its warnings were printed with the pipeline's; its errors are the schedule's params'.
      PlanCompiler.print(source, compiled.diagnostics(), flowc.errStyle(), err);
    }
    return compiled.plan().orElse(null);
  }

  /** Two files of one deploy may not have a schedule of the same name. */
  private static void requireDistinctNames(List<Deployment> deployments) {
    Map<String, Deployment> owners = new LinkedHashMap<>();
    for (Deployment deployment : deployments) {
      for (ScheduledPlan scheduled : deployment.schedules()) {
        String name = scheduled.schedule().name();
        Deployment other = owners.putIfAbsent(name, deployment);
        if (other != null && !other.pipeline().equals(deployment.pipeline())) {
          throw new UserException(
              ExitCode.FAILED,
              "%s: schedule '%s' is in %s (pipeline '%s') too: a schedule name is unique in a store"
                  .formatted(deployment.file(), name, other.file(), other.pipeline()));
        }
      }
    }
  }

  /** Nothing is stored when a schedule name is deployed for another pipeline. */
  private static void requireOwnNames(FlowRuntime runtime, List<Deployment> deployments) {
    Map<String, String> owners = new LinkedHashMap<>();
    for (ScheduleView schedule : runtime.schedules()) {
      owners.put(schedule.name(), schedule.pipeline());
    }
    Set<String> redeployed =
        deployments.stream().map(Deployment::pipeline).collect(Collectors.toSet());
    for (Deployment deployment : deployments) {
      for (ScheduledPlan scheduled : deployment.schedules()) {
        String name = scheduled.schedule().name();
        String owner = owners.get(name);
        boolean movesHere =
            owner != null
                && redeployed.contains(owner)
                && deployments.stream()
                    .filter(d -> d.pipeline().equals(owner))
                    .flatMap(d -> d.schedules().stream())
                    .noneMatch(s -> s.schedule().name().equals(name));
        if (owner != null && !owner.equals(deployment.pipeline()) && !movesHere) {
          throw new UserException(
              ExitCode.FAILED,
              ("%s: schedule '%s' is deployed for pipeline '%s' already: a schedule name is unique"
                      + " in a store; rename it, or remove the other first ('flowc schedule"
                      + " remove %s')")
                  .formatted(deployment.file(), name, owner, name));
        }
      }
    }
  }
}
