package dev.flowc.compiler.lower;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowc.compiler.ast.BackoffDirective;
import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.DurationValue;
import dev.flowc.compiler.ast.ForClause;
import dev.flowc.compiler.ast.IntValue;
import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.NameValue;
import dev.flowc.compiler.ast.NullValue;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.QueueDecl;
import dev.flowc.compiler.ast.RateValue;
import dev.flowc.compiler.ast.ScheduleDecl;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.ast.WhenDirective;
import dev.flowc.compiler.check.Analysis;
import dev.flowc.compiler.check.PipelineIndex;
import dev.flowc.compiler.check.StageGraph;
import dev.flowc.compiler.check.StageSettings;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.parse.FlowSourceParser;
import dev.flowc.compiler.parse.Literals;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.Each;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.Rate;
import dev.flowc.dag.Schedule;
import dev.flowc.dag.Source;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a checked pipeline and its param values into the IR: defaults applied, params substituted,
 * edges merged, jobs in topological order with ties broken by declaration order. The same input
 * always gives the same plan.
 */
public final class Lowering {
  /** When a stage writes {@code backoff BASE} without {@code max}, the cap is this or BASE. */
  static final long DEFAULT_BACKOFF_MAX_MS = Backoff.DEFAULT.maxMs();

  private final Analysis analysis;
  private final PipelineIndex index;
  private final DiagnosticSink sink;
  private ValueEncoder encoder;
  private Map<String, BoundParam> params;

  private Lowering(Analysis analysis, DiagnosticSink sink) {
    this.analysis = analysis;
    this.index = analysis.index();
    this.sink = sink;
  }

  /**
   * Lowers a pipeline that checked without errors.
   *
   * @param params param values as given on the command line, by name
   * @return the plan, or empty when a param is missing or does not fit (reported to {@code sink})
   */
  public static Optional<Plan> lower(
      Analysis analysis, SourceFile source, Map<String, String> params, DiagnosticSink sink) {
    return new Lowering(analysis, sink).lower(source, params, null);
  }

  /**
   * Lowers a pipeline that checked without errors for the runs of one of its schedules: the
   * schedule's params take the place of the given ones and of the defaults, and the plan's {@code
   * schedules} holds that schedule only.
   *
   * @param params param values as given on the command line, by name
   * @param schedule the name of a schedule the pipeline declares
   * @return the plan, or empty when a param is missing or does not fit (reported to {@code sink})
   * @throws IllegalArgumentException when the pipeline has no schedule of that name
   */
  public static Optional<Plan> lowerForSchedule(
      Analysis analysis,
      SourceFile source,
      Map<String, String> params,
      String schedule,
      DiagnosticSink sink) {
    if (!analysis.index().schedules().containsKey(schedule)) {
      throw new IllegalArgumentException(
          "pipeline '%s' has no schedule '%s'"
              .formatted(analysis.index().pipeline().name().text(), schedule));
    }
    return new Lowering(analysis, sink).lower(source, params, schedule);
  }

  private Optional<Plan> lower(SourceFile source, Map<String, String> given, String forSchedule) {
    List<Schedule> schedules = new ArrayList<>();
    for (ScheduleDecl schedule : index.schedules().values()) {
      if (forSchedule == null || forSchedule.equals(schedule.name().text())) {
        schedules.add(schedule(schedule));
      }
    }
    Map<String, JsonNode> fixed = forSchedule == null ? Map.of() : schedules.get(0).params();
    params = ParamBinder.bind(index, given, fixed, sink);
    if (sink.hasErrors()) {
      return Optional.empty();
    }
    encoder = new ValueEncoder(params);
    List<QueueSpec> queues = queues();
    List<JobSpec> jobs = new ArrayList<>();
    StageGraph graph = analysis.graph();
    for (String stage : graph.topologicalOrder()) {
      jobs.add(job(index.stages().get(stage), graph));
    }
    if (sink.hasErrors()) {
      return Optional.empty();
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    params.forEach((name, bound) -> values.put(name, bound.value()));
    String description =
        index.description().map(d -> encoder.encode(d.value()).asText()).orElse(null);
    return Optional.of(
        new Plan(
            index.pipeline().name().text(),
            description,
            new Source(source.path(), source.sha256()),
            values,
            queues,
            jobs,
            schedules));
  }

  private static Schedule schedule(ScheduleDecl schedule) {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    schedule
        .directive("params")
        .map(d -> (MapValue) ((ValueDirective) d).value())
        .ifPresent(
            map -> {
              for (MapValue.Entry entry : map.entries()) {
                params.put(entry.key().text(), ValueEncoder.constant(entry.value()));
              }
            });
    return new Schedule(
        schedule.name().text(),
        text(schedule, "cron").orElseThrow(),
        text(schedule, "timezone").orElse(Schedule.DEFAULT_TIMEZONE),
        word(schedule, "catchup")
            .map(w -> Schedule.Catchup.valueOf(w.toUpperCase(Locale.ROOT)))
            .orElse(Schedule.Catchup.LATEST),
        word(schedule, "overlap")
            .map(w -> Schedule.Overlap.valueOf(w.toUpperCase(Locale.ROOT)))
            .orElse(Schedule.Overlap.SKIP),
        params);
  }

  private static Optional<String> text(ScheduleDecl schedule, String directive) {
    return schedule
        .directive(directive)
        .map(d -> ((StringValue) ((ValueDirective) d).value()).text());
  }

  private static Optional<String> word(ScheduleDecl schedule, String directive) {
    return schedule
        .directive(directive)
        .map(d -> ((NameValue) ((ValueDirective) d).value()).text());
  }

  private List<QueueSpec> queues() {
    List<QueueSpec> queues = new ArrayList<>();
    QueueDecl declaredDefault = index.queues().get(QueueSpec.DEFAULT);
    queues.add(
        new QueueSpec(QueueSpec.DEFAULT, concurrency(declaredDefault), rate(declaredDefault)));
    for (QueueDecl queue : index.queues().values()) {
      if (queue != declaredDefault) {
        queues.add(new QueueSpec(queue.name().text(), concurrency(queue), rate(queue)));
      }
    }
    return queues;
  }

  private static Rate rate(QueueDecl queue) {
    if (queue == null) {
      return null;
    }
    return queue
        .directive("rate")
        .map(d -> (RateValue) ((ValueDirective) d).value())
        .map(r -> new Rate((int) r.limit(), RATE_PERIODS.get(r.unit())))
        .orElse(null);
  }

  private static final Map<String, Duration> RATE_PERIODS =
      Map.of("s", Duration.ofSeconds(1), "m", Duration.ofMinutes(1), "h", Duration.ofHours(1));

  private Integer concurrency(QueueDecl queue) {
    if (queue == null) {
      return null;
    }
    return queue
        .directive("concurrency")
        .map(
            d ->
                (int)
                    integer(
                        ((ValueDirective) d).value(),
                        "concurrency",
                        QueueSpec.MIN_CONCURRENCY,
                        QueueSpec.MAX_CONCURRENCY))
        .orElse(null);
  }

  private JobSpec job(StageDecl stage, StageGraph graph) {
    String name = stage.name().text();
    List<String> dependsOn =
        graph.dependencies(name).stream().map(StageGraph.Edge::dependency).toList();
    Each each = stage.forClause() == null ? null : each(stage);
    JsonNode when =
        stage
            .directive("when")
            .map(d -> encoder.condition(((WhenDirective) d).condition()))
            .orElse(null);
    return new JobSpec(
        name,
        StageSettings.handler(stage).orElseThrow(),
        StageSettings.queue(stage, index).orElseThrow(),
        inheritedInt(stage, "priority", JobSpec.MIN_PRIORITY, JobSpec.MAX_PRIORITY, 0),
        inheritedInt(
            stage, "retries", JobSpec.MIN_RETRIES, JobSpec.MAX_RETRIES, JobSpec.DEFAULT_RETRIES),
        backoff(stage),
        inherited(stage, "timeout").map(this::timeout).orElse(null),
        dependsOn,
        stage.directive("input").map(d -> json((ValueDirective) d)).orElse(null),
        stage.directive("metadata").map(d -> json((ValueDirective) d)).orElse(null),
        stage
            .directive("description")
            .map(d -> encoder.encode(((ValueDirective) d).value()).asText())
            .orElse(null),
        each,
        when,
        graph.waitsForFinal(name));
  }

  /** The stage's fan-out, its list as literal JSON or a {@code $result}, a list param filled in. */
  private Each each(StageDecl stage) {
    ForClause clause = stage.forClause();
    int maxItems =
        stage
            .directive("max_items")
            .map(
                d ->
                    (int)
                        integer(
                            ((ValueDirective) d).value(),
                            "max_items",
                            Each.MIN_ITEMS,
                            Each.MAX_ITEMS))
            .orElse(Each.DEFAULT_MAX_ITEMS);
    JsonNode over = encoder.encode(clause.list());
    if (clause.list() instanceof ParamRef ref) {
      if (!over.isArray()) {
        sink.report(
            DiagnosticCode.FLOW307,
            ref.span(),
            "'for' runs over a list, but param '%s' is %s"
                .formatted(ref.name().text(), over.isNull() ? "null" : "not a list"));
        over = JsonNodeFactory.instance.arrayNode();
      } else if (over.size() > maxItems) {
        sink.report(
            DiagnosticCode.FLOW302,
            ref.span(),
            "the list has %d elements, more than max_items %d".formatted(over.size(), maxItems),
            Note.note("the list is the value of param '%s'".formatted(ref.name().text())));
      }
    }
    return new Each(
        over,
        clause.var().text(),
        clause.indexVar() == null ? null : clause.indexVar().text(),
        maxItems);
  }

  /**
   * The directive's value as IR JSON, reported when it nests deeper than {@link
   * FlowSourceParser#MAX_NESTING} levels. The source's lists and maps are within the limit, but a
   * param's value put inside them, or a result reference written as {@code {"$result": ..., "path":
   * [...]}}, adds levels; the job queue reads inputs with Jackson's default limit.
   */
  private JsonNode json(ValueDirective directive) {
    JsonNode json = encoder.encode(directive.value());
    int depth = depth(json);
    if (depth > FlowSourceParser.MAX_NESTING) {
      sink.report(
          DiagnosticCode.FLOW001,
          directive.value().span(),
          ("nesting is too deep: '%s' nests %d levels once its params and result references are"
                  + " filled in; lists and maps nest at most %d levels")
              .formatted(directive.name().text(), depth, FlowSourceParser.MAX_NESTING));
    }
    return json;
  }

  /** How deep lists and objects nest in {@code json}: 0 for a scalar, without recursion. */
  static int depth(JsonNode json) {
    int deepest = 0;
    Deque<JsonNode> nodes = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    nodes.push(json);
    depths.push(0);
    while (!nodes.isEmpty()) {
      JsonNode node = nodes.pop();
      int depth = depths.pop();
      if (node.isContainerNode()) {
        deepest = Math.max(deepest, depth + 1);
        for (JsonNode child : node) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    }
    return deepest;
  }

  /** The stage's own value of a directive, else the one in {@code defaults}. */
  private Optional<Value> inherited(StageDecl stage, String directive) {
    return stage
        .directive(directive)
        .or(() -> index.defaults().flatMap(d -> d.directive(directive)))
        .map(d -> ((ValueDirective) d).value());
  }

  private int inheritedInt(StageDecl stage, String directive, int min, int max, int fallback) {
    return inherited(stage, directive)
        .map(v -> (int) integer(v, directive, min, max))
        .orElse(fallback);
  }

  private Backoff backoff(StageDecl stage) {
    Optional<Directive> directive =
        stage.directive("backoff").or(() -> index.defaults().flatMap(d -> d.directive("backoff")));
    if (directive.isEmpty()) {
      return Backoff.DEFAULT;
    }
    BackoffDirective backoff = (BackoffDirective) directive.get();
    long base = millis(backoff.base(), "backoff", 0);
    if (backoff.fixed()) {
      return Backoff.fixed(base);
    }
    if (backoff.max() == null) {
      return Backoff.exponential(base, Math.max(base, DEFAULT_BACKOFF_MAX_MS));
    }
    long max = millis(backoff.max(), "backoff max", 0);
    if (max < base) {
      Diagnostic diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW302,
              backoff.max().span(),
              "backoff max %s is shorter than its base %s"
                  .formatted(Literals.formatDuration(max), Literals.formatDuration(base)));
      for (Value value : new Value[] {backoff.base(), backoff.max()}) {
        if (value instanceof ParamRef ref) {
          diagnostic =
              diagnostic.withNote(
                  Note.note(
                      "%s is the value of param '%s'"
                          .formatted(
                              Literals.formatDuration(
                                  params.get(ref.name().text()).value().asLong()),
                              ref.name().text())));
        }
      }
      sink.report(diagnostic);
      return Backoff.exponential(base, base);
    }
    return Backoff.exponential(base, max);
  }

  private Long timeout(Value value) {
    if (value instanceof NullValue) {
      return null;
    }
    if (value instanceof ParamRef ref && params.get(ref.name().text()).value().isNull()) {
      return null;
    }
    return millis(value, "timeout", 1);
  }

  /** An integer literal, or a param's value checked against the directive's range. */
  private long integer(Value value, String directive, long min, long max) {
    if (value instanceof IntValue i) {
      return i.value();
    }
    ParamRef ref = (ParamRef) value;
    JsonNode bound = params.get(ref.name().text()).value();
    if (!bound.canConvertToLong()) {
      nullParam(ref, directive, "an integer");
      return min;
    }
    long number = bound.asLong();
    if (number < min || number > max) {
      sink.report(
          DiagnosticCode.FLOW302,
          ref.span(),
          "'%s' must be between %d and %d, not %d".formatted(directive, min, max, number),
          Note.note("%d is the value of param '%s'".formatted(number, ref.name().text())));
      return min;
    }
    return number;
  }

  /** A duration literal, or a param's value, in milliseconds, at least {@code min}. */
  private long millis(Value value, String directive, long min) {
    if (value instanceof DurationValue d) {
      return d.millis();
    }
    ParamRef ref = (ParamRef) value;
    JsonNode bound = params.get(ref.name().text()).value();
    if (!bound.canConvertToLong()) {
      nullParam(ref, directive, "a duration");
      return min;
    }
    long millis = bound.asLong();
    if (millis < min) {
      sink.report(
          DiagnosticCode.FLOW302,
          ref.span(),
          "'%s' must be %s, not %s"
              .formatted(
                  directive,
                  min > 0 ? "more than 0" : "0 or more",
                  Literals.formatDuration(millis)),
          Note.note(
              "%s is the value of param '%s'"
                  .formatted(Literals.formatDuration(millis), ref.name().text())));
      return min;
    }
    return millis;
  }

  private void nullParam(ParamRef ref, String directive, String expected) {
    sink.report(
        DiagnosticCode.FLOW301,
        ref.span(),
        "'%s' takes %s, but param '%s' is null".formatted(directive, expected, ref.name().text()));
  }
}
