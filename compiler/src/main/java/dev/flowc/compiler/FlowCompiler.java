package dev.flowc.compiler;

import dev.flowc.compiler.ast.ForClause;
import dev.flowc.compiler.ast.ListValue;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.Pipeline;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StringValue;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.check.Analysis;
import dev.flowc.compiler.check.Checker;
import dev.flowc.compiler.check.PipelineIndex;
import dev.flowc.compiler.check.StageGraph;
import dev.flowc.compiler.check.StageSettings;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Severity;
import dev.flowc.compiler.diagnostic.Suppressions;
import dev.flowc.compiler.lower.Lowering;
import dev.flowc.compiler.parse.FlowSourceParser;
import dev.flowc.compiler.parse.ParsedFile;
import dev.flowc.compiler.source.SourceFile;
import dev.flowc.compiler.source.Span;
import dev.flowc.dag.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Checks {@code .flow} files and compiles them to job DAGs. Stateless and thread-safe; problems in
 * the input are returned as diagnostics, never thrown.
 */
public final class FlowCompiler {
  /**
   * The stack of the thread that checks and compiles. Parsing, building the AST, the checks and
   * lowering all recurse once per level of a nested list or map; {@link
   * FlowSourceParser#MAX_NESTING} levels need a few megabytes, more than a default thread stack of
   * 512 KiB to 1 MiB. The memory is reserved, and only used as deep as the input goes.
   */
  static final long STACK_BYTES = 64L * 1024 * 1024;

  private FlowCompiler() {}

  /** Parses and checks {@code source}, reporting every problem. */
  public static CheckResult check(SourceFile source) {
    return onDeepStack(() -> checkHere(source));
  }

  /**
   * Checks {@code source} and lowers it with {@code params} (values as written after {@code --param
   * name=}).
   */
  public static CompileResult compile(SourceFile source, Map<String, String> params) {
    return onDeepStack(() -> compileHere(source, params, null));
  }

  /**
   * Checks {@code source} and lowers it for the runs of its schedule {@code schedule}: the
   * schedule's {@code params} take the place of {@code params} (values as written after {@code
   * --param name=}) and of the defaults, and the plan's {@code schedules} holds that schedule only.
   * {@code flowc deploy} stores one such plan per schedule ({@code compile} gives the list of
   * schedules in {@link Plan#schedules()}).
   *
   * @throws IllegalArgumentException when the file checks without errors but declares no schedule
   *     of that name
   */
  public static CompileResult compileForSchedule(
      SourceFile source, Map<String, String> params, String schedule) {
    return onDeepStack(() -> compileHere(source, params, schedule));
  }

  /** Runs {@code work} on a thread of its own with a stack of {@link #STACK_BYTES}. */
  static <T> T onDeepStack(Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                result.set(work.get());
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "flowc-check",
            STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        // The work is short and holds no resources worth abandoning it for: finish it.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable thrown = failure.get();
    if (thrown instanceof RuntimeException e) {
      throw e;
    }
    if (thrown instanceof Error e) {
      throw e;
    }
    if (thrown != null) {
      throw new IllegalStateException(thrown);
    }
    return result.get();
  }

  private static CheckResult checkHere(SourceFile source) {
    Front front = front(source);
    Optional<PipelineGraph> graph =
        front.hasErrors() ? Optional.empty() : Optional.of(graph(front.analysis()));
    List<HandlerCall> calls =
        front.analysis() == null
            ? List.of()
            : HandlerCalls.of(front.analysis().index(), front.syntaxErrors());
    return new CheckResult(source, front.diagnostics(), graph, calls, front.suppressions());
  }

  private static CompileResult compileHere(
      SourceFile source, Map<String, String> params, String schedule) {
    Front front = front(source);
    if (front.hasErrors()) {
      return new CompileResult(source, front.diagnostics(), Optional.empty(), List.of());
    }
    DiagnosticSink sink = new DiagnosticSink();
    front.diagnostics().forEach(sink::report);
    Optional<Plan> plan =
        schedule == null
            ? Lowering.lower(front.analysis(), source, params, sink)
            : Lowering.lowerForSchedule(front.analysis(), source, params, schedule, sink);
    if (sink.hasErrors() || plan.isEmpty()) {
      return new CompileResult(source, sink.sorted(), Optional.empty(), List.of());
    }
    List<HandlerCall> calls = HandlerCalls.of(front.analysis().index(), front.syntaxErrors());
    return new CompileResult(source, sink.sorted(), plan, calls);
  }

  /**
   * Parsing and checking: diagnostics, the analysis when a pipeline was read, and whether parts of
   * it may be missing after a syntax error.
   */
  private record Front(
      List<Diagnostic> diagnostics,
      Analysis analysis,
      boolean syntaxErrors,
      Suppressions suppressions) {
    boolean hasErrors() {
      return analysis == null || diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }
  }

  private static Front front(SourceFile source) {
    DiagnosticSink sink = new DiagnosticSink();
    Optional<String> text = source.text();
    if (text.isEmpty()) {
      sink.report(
          DiagnosticCode.FLOW002,
          source.encodingError().orElseThrow(),
          source.encodingMessage().orElseThrow(),
          Note.help("save the file as UTF-8"));
      return new Front(sink.sorted(), null, true, new Suppressions());
    }
    int nul = text.get().indexOf('\0');
    if (nul >= 0) {
      sink.report(
          DiagnosticCode.FLOW002,
          position(text.get(), nul),
          "the file contains a NUL byte; it does not look like a .flow text file");
      return new Front(sink.sorted(), null, true, new Suppressions());
    }
    ParsedFile parsed = FlowSourceParser.parse(text.get(), sink);
    Pipeline pipeline = parsed.pipeline();
    Analysis analysis = null;
    if (pipeline != null) {
      analysis = Checker.check(pipeline, parsed.syntaxErrors(), sink);
    } else if (!sink.hasErrors()) {
      sink.report(DiagnosticCode.FLOW001, Span.of(1, 1, 0), "expected 'pipeline NAME {'");
    }
    boolean syntaxErrors = parsed.syntaxErrors() || sink.count(DiagnosticCode.FLOW001) > 0;
    Suppressions suppressions = parsed.suppressions();
    return new Front(suppressions.apply(sink.sorted()), analysis, syntaxErrors, suppressions);
  }

  private static Span position(String text, int index) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return Span.of(line, text.codePointCount(lineStart, index) + 1, 1);
  }

  private static PipelineGraph graph(Analysis analysis) {
    PipelineIndex index = analysis.index();
    StageGraph stageGraph = analysis.graph();
    List<PipelineGraph.Stage> stages = new ArrayList<>();
    for (String name : stageGraph.topologicalOrder()) {
      StageDecl stage = index.stages().get(name);
      stages.add(
          new PipelineGraph.Stage(
              name,
              StageSettings.handler(stage).orElseThrow(),
              StageSettings.queue(stage, index).orElseThrow(),
              stageGraph.dependencies(name).stream().map(StageGraph.Edge::dependency).toList(),
              stage.forClause() == null ? null : forAsWritten(stage.forClause()),
              stageGraph.waitsForFinal(name),
              stage.directive("when").isPresent()));
    }
    String description = index.description().map(d -> asWritten(d.value())).orElse(null);
    return new PipelineGraph(index.pipeline().name().text(), description, stages);
  }

  /** {@code for i, file in list.result.files}; a literal list shows its size. */
  private static String forAsWritten(ForClause clause) {
    String vars =
        clause.indexVar() == null
            ? clause.var().text()
            : clause.indexVar().text() + ", " + clause.var().text();
    Value list = clause.list();
    String over;
    if (list instanceof ResultRef ref) {
      StringBuilder text = new StringBuilder(ref.stage().text()).append(".result");
      for (ResultRef.PathElement element : ref.path()) {
        if (element instanceof ResultRef.Field field) {
          text.append('.').append(field.name());
        } else {
          text.append('[').append(((ResultRef.Index) element).index()).append(']');
        }
      }
      over = text.toString();
    } else if (list instanceof ParamRef ref) {
      over = "params." + ref.name().text();
    } else if (list instanceof ListValue literal) {
      over =
          "[" + literal.items().size() + (literal.items().size() == 1 ? " element]" : " elements]");
    } else {
      over = "?";
    }
    return "for " + vars + " in " + over;
  }

  /** A string with its interpolations shown as written, {@code ${params.x}}. */
  private static String asWritten(Value value) {
    StringBuilder text = new StringBuilder();
    for (StringValue.Part part : ((StringValue) value).parts()) {
      if (part instanceof StringValue.Text literal) {
        text.append(literal.text());
      } else if (((StringValue.Interpolation) part).reference() instanceof ParamRef ref) {
        text.append("${params.").append(ref.name().text()).append('}');
      }
    }
    return text.toString();
  }
}
