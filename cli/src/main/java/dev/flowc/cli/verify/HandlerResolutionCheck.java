package dev.flowc.cli.verify;

import dev.flowc.compiler.HandlerCall;
import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.DiagnosticSink;
import dev.flowc.compiler.diagnostic.Note;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.runtime.handler.HandlerRegistry;
import dev.flowc.runtime.handler.ResolvedHandler;
import dev.flowc.runtime.handler.UnknownHandlerException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * FLOW501: a stage's handler is neither bound under its name nor a class implementing the handler
 * interface that Guice can make. The message is the runtime's, which a worker would fail the job
 * with; the help suggests a bound name close to it.
 */
final class HandlerResolutionCheck {
  /** Bound names listed when none is close to the unknown one. */
  private static final int MAX_LISTED = 10;

  private final HandlerRegistry registry;

  HandlerResolutionCheck(HandlerRegistry registry) {
    this.registry = registry;
  }

  /** The stage's handler, or empty when it does not resolve (reported to {@code sink}). */
  Optional<ResolvedHandler> check(HandlerCall call, DiagnosticSink sink) {
    try {
      return Optional.of(registry.resolve(call.handler()));
    } catch (UnknownHandlerException e) {
      sink.report(unknown(call, e.getMessage()));
    } catch (RuntimeException | LinkageError e) {
      // A handler class whose construction or static initialisation fails in user code.
      sink.report(
          Diagnostic.of(
              DiagnosticCode.FLOW501,
              call.handlerSpan(),
              "handler '%s' cannot be created: %s".formatted(call.handler(), firstLine(e))));
    }
    return Optional.empty();
  }

  private Diagnostic unknown(HandlerCall call, String message) {
    Diagnostic diagnostic = Diagnostic.of(DiagnosticCode.FLOW501, call.handlerSpan(), message);
    Set<String> bound = registry.boundNames();
    Optional<Note> suggestion = Suggestions.didYouMean(call.handler(), bound);
    if (suggestion.isPresent()) {
      return diagnostic.withNote(suggestion.get());
    }
    if (!bound.contains(call.handler()) && message.startsWith("no handler is bound")) {
      List<String> names = bound.stream().limit(MAX_LISTED).toList();
      String more =
          bound.size() > MAX_LISTED ? " and %d more".formatted(bound.size() - MAX_LISTED) : "";
      return diagnostic.withNote(
          Note.help(
              "the bound handlers are %s%s; or name a class that implements %s"
                  .formatted(
                      String.join(", ", names.stream().map(n -> "'" + n + "'").toList()),
                      more,
                      dev.flowc.runtime.Handler.class.getName())));
    }
    return diagnostic;
  }

  private static String firstLine(Throwable e) {
    Throwable cause = e.getCause() != null && e instanceof LinkageError ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage()).strip();
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return cause.getClass().getSimpleName() + ": " + line;
  }
}
