package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.MapValue;
import dev.flowc.compiler.ast.Name;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import java.util.HashMap;
import java.util.Map;

/** FLOW105: the same key twice in one map, anywhere in the file. */
final class DuplicateKeyCheck implements Check {
  @Override
  public void run(CheckContext context) {
    AllValues.forEach(
        context.pipeline(),
        value -> {
          if (value instanceof MapValue map) {
            Map<String, Name> seen = new HashMap<>();
            for (MapValue.Entry entry : map.entries()) {
              Name first = seen.putIfAbsent(entry.key().text(), entry.key());
              if (first != null) {
                context.report(
                    DiagnosticCode.FLOW105,
                    entry.key().span(),
                    "duplicate key '%s' in a map".formatted(entry.key().text()),
                    Note.note("first used here", first.span()));
              }
            }
          }
        });
  }
}
