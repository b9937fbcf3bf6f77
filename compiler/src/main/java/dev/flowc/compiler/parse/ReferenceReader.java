package dev.flowc.compiler.parse;

import dev.flowc.compiler.ast.ErrorValue;
import dev.flowc.compiler.ast.IndexRef;
import dev.flowc.compiler.ast.ItemRef;
import dev.flowc.compiler.ast.Name;
import dev.flowc.compiler.ast.NameRef;
import dev.flowc.compiler.ast.NameValue;
import dev.flowc.compiler.ast.ParamRef;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.RunRef;
import dev.flowc.compiler.ast.StateRef;
import dev.flowc.compiler.ast.Value;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a dotted path into what it means: {@code params.NAME}, {@code STAGE.result...}, and in a
 * stage's data the loop variables, {@code run.NAME} and {@code STAGE.state}; else a plain dotted
 * name. Shared by values in the source and {@code ${...}} inside strings.
 */
final class ReferenceReader {
  /** {@code .name} or {@code [index]} after the head of a path. */
  record Segment(boolean index, String text, Span span) {}

  static final String PARAMS = "params";
  static final String RESULT = "result";
  static final String STATE = "state";
  static final String RUN = "run";

  private ReferenceReader() {}

  /**
   * @param headIsParams whether the head is the keyword {@code params}
   * @param code the code for a malformed path: FLOW001 in source, FLOW002 inside a string
   * @param scope the names a stage's value can use, or {@code null} where bare names stay names
   */
  static Value read(
      String head,
      Span headSpan,
      boolean headIsParams,
      List<Segment> segments,
      Span span,
      DiagnosticCode code,
      DiagnosticSink sink,
      Scope scope) {
    if (headIsParams) {
      return readParam(segments, span, code, sink);
    }
    Name headName = new Name(head, headSpan);
    if (scope != null && scope.isIndexVar(head)) {
      if (!segments.isEmpty()) {
        sink.report(
            code,
            segments.get(0).span(),
            "'%s' is the item's index, a number: nothing can be selected in it".formatted(head));
        return new ErrorValue(span);
      }
      return new IndexRef(headName, span);
    }
    if (scope != null && scope.isVar(head)) {
      List<ResultRef.PathElement> path = pathOf(segments, span, sink);
      return path == null ? new ErrorValue(span) : new ItemRef(headName, path, span);
    }
    if (!segments.isEmpty() && !segments.get(0).index() && segments.get(0).text().equals(RESULT)) {
      return readResult(head, headSpan, segments.subList(1, segments.size()), span, sink);
    }
    if (scope != null && segments.size() == 1 && !segments.get(0).index()) {
      Segment only = segments.get(0);
      if (head.equals(RUN)) {
        return new RunRef(new Name(only.text(), only.span()), span);
      }
      if (only.text().equals(STATE)) {
        return new StateRef(headName, span);
      }
    }
    if (scope != null && head.equals(RUN) && segments.size() > 1) {
      sink.report(
          code,
          segments.get(1).span(),
          "a run value is just 'run.%s'; nothing can be selected in it"
              .formatted(segments.get(0).text()));
      return new ErrorValue(span);
    }
    for (Segment segment : segments) {
      if (segment.index()) {
        sink.report(
            code,
            segment.span(),
            "only a stage's result can be indexed",
            Note.help(
                "write '%s.result[%s]' to select from stage '%s'"
                    .formatted(head, segment.text(), head)));
        return new ErrorValue(span);
      }
    }
    String dotted =
        segments.isEmpty()
            ? head
            : head + segments.stream().map(s -> "." + s.text()).collect(Collectors.joining());
    return scope == null ? new NameValue(dotted, span) : new NameRef(headName, dotted, span);
  }

  private static Value readParam(
      List<Segment> segments, Span span, DiagnosticCode code, DiagnosticSink sink) {
    if (segments.isEmpty() || segments.get(0).index()) {
      sink.report(
          code,
          segments.isEmpty() ? span : segments.get(0).span(),
          "expected '.NAME' after 'params'",
          Note.help("a param is referred to as 'params.NAME'"));
      return new ErrorValue(span);
    }
    Segment name = segments.get(0);
    if (segments.size() > 1) {
      sink.report(
          code,
          segments.get(1).span(),
          "a param reference is just 'params.%s'; a param's value cannot be selected into"
              .formatted(name.text()));
      return new ErrorValue(span);
    }
    return new ParamRef(new Name(name.text(), name.span()), span);
  }

  private static Value readResult(
      String stage, Span stageSpan, List<Segment> path, Span span, DiagnosticSink sink) {
    List<ResultRef.PathElement> elements = pathOf(path, span, sink);
    return elements == null
        ? new ErrorValue(span)
        : new ResultRef(new Name(stage, stageSpan), elements, span);
  }

  /** The fields and indexes of a path, or {@code null} when an index is out of range (reported). */
  private static List<ResultRef.PathElement> pathOf(
      List<Segment> path, Span span, DiagnosticSink sink) {
    List<ResultRef.PathElement> elements = new ArrayList<>();
    for (Segment segment : path) {
      if (!segment.index()) {
        elements.add(new ResultRef.Field(segment.text(), segment.span()));
        continue;
      }
      int index;
      try {
        index = Integer.parseInt(segment.text().replace("_", ""));
      } catch (NumberFormatException e) {
        index = -1;
      }
      if (index < 0) {
        sink.report(
            DiagnosticCode.FLOW302,
            segment.span(),
            "list index %s is out of range: an index is 0 or more".formatted(segment.text()));
        return null;
      }
      elements.add(new ResultRef.Index(index, segment.span()));
    }
    return elements;
  }
}
