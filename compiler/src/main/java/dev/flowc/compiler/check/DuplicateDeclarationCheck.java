package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Attribute;
import dev.flowc.compiler.ast.DefaultsBlock;
import dev.flowc.compiler.ast.Name;
import dev.flowc.compiler.ast.ParamDecl;
import dev.flowc.compiler.ast.ParamsBlock;
import dev.flowc.compiler.ast.QueueDecl;
import dev.flowc.compiler.ast.ScheduleDecl;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.source.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FLOW101-FLOW103 and FLOW106: a stage, queue, param or schedule declared twice, reported at the
 * second declaration with the first as a note. Also a pipeline-level {@code description} or {@code
 * defaults} given twice (FLOW104).
 */
final class DuplicateDeclarationCheck implements Check {
  @Override
  public void run(CheckContext context) {
    var pipeline = context.pipeline();
    duplicates(
        context,
        DiagnosticCode.FLOW101,
        "stage",
        pipeline.members(StageDecl.class).stream().map(StageDecl::name).toList());
    duplicates(
        context,
        DiagnosticCode.FLOW102,
        "queue",
        pipeline.members(QueueDecl.class).stream().map(QueueDecl::name).toList());
    duplicates(
        context,
        DiagnosticCode.FLOW103,
        "param",
        pipeline.members(ParamsBlock.class).stream()
            .flatMap(block -> block.params().stream())
            .map(ParamDecl::name)
            .toList());
    duplicates(
        context,
        DiagnosticCode.FLOW106,
        "schedule",
        pipeline.members(ScheduleDecl.class).stream().map(ScheduleDecl::name).toList());

    blockGivenOnce(
        context,
        "defaults",
        pipeline.members(DefaultsBlock.class).stream().map(DefaultsBlock::keyword).toList());
    blockGivenOnce(
        context,
        "params",
        pipeline.members(ParamsBlock.class).stream().map(ParamsBlock::keyword).toList());
    Map<String, Span> attributes = new HashMap<>();
    for (Attribute attribute : pipeline.members(Attribute.class)) {
      Span first = attributes.putIfAbsent(attribute.key().text(), attribute.key().span());
      if (first != null && attribute.key().text().equals("description")) {
        context.report(
            DiagnosticCode.FLOW104,
            attribute.key().span(),
            "'description' is set twice in pipeline '%s'".formatted(pipeline.name().text()),
            Note.note("first set here", first));
      }
    }
  }

  private static void blockGivenOnce(CheckContext context, String block, List<Span> keywords) {
    for (Span extra : keywords.subList(Math.min(1, keywords.size()), keywords.size())) {
      context.report(
          DiagnosticCode.FLOW104,
          extra,
          "'%s' is given twice in pipeline '%s'".formatted(block, context.pipeline().name().text()),
          Note.note("first given here", keywords.get(0)),
          Note.help("merge the two blocks into one"));
    }
  }

  private static void duplicates(
      CheckContext context, DiagnosticCode code, String noun, List<Name> names) {
    Map<String, Name> first = new HashMap<>();
    for (Name name : names) {
      Name earlier = first.putIfAbsent(name.text(), name);
      if (earlier != null) {
        context.report(
            code,
            name.span(),
            "duplicate %s '%s'".formatted(noun, name.text()),
            Note.note("first declared here", earlier.span()));
      }
    }
  }
}
