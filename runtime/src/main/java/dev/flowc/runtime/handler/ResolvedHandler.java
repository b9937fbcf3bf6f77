package dev.flowc.runtime.handler;

import com.fasterxml.jackson.databind.JavaType;
import dev.flowc.runtime.Handler;

/**
 * A handler found by name, with the types Jackson converts its input to and its result from.
 *
 * @param name the name it was asked for
 * @param handler the instance Guice made
 * @param inputType the handler's input type ({@code JsonNode} when it cannot be told)
 * @param resultType the handler's result type
 */
public record ResolvedHandler(
    String name, Handler<Object, Object> handler, JavaType inputType, JavaType resultType) {}
