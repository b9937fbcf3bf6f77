package dev.flowc.compiler;

import dev.flowc.compiler.source.Span;
import java.util.Optional;

/**
 * A stage's call of its handler as written: the handler's name and the input it is given, with
 * their positions. The compiler knows nothing of handlers; this is for tools that do, such as
 * {@code flowc check --classpath}, which tell whether the name is bound and the input fits.
 *
 * @param stage the stage's name
 * @param stageSpan where the stage's name is declared
 * @param handler the handler's name or class name
 * @param handlerSpan the value of the stage's {@code handler} directive
 * @param input the value of its {@code input} directive, or empty when it has none (the handler
 *     then gets {@code {}})
 */
public record HandlerCall(
    String stage, Span stageSpan, String handler, Span handlerSpan, Optional<StaticValue> input) {}
