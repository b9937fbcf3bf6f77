package dev.flowc.runtime.guice;

import com.google.inject.AbstractModule;
import dev.flowc.runtime.handler.BuiltinHandlers;

/**
 * Binds {@code builtin.noop}, {@code builtin.echo}, {@code builtin.sleep}, {@code builtin.fail}.
 */
public final class BuiltinHandlersModule extends AbstractModule {
  @Override
  protected void configure() {
    HandlerBinder.of(binder())
        .bind(BuiltinHandlers.NOOP, BuiltinHandlers.Noop.class)
        .bind(BuiltinHandlers.ECHO, BuiltinHandlers.Echo.class)
        .bind(BuiltinHandlers.SLEEP, BuiltinHandlers.Sleep.class)
        .bind(BuiltinHandlers.FAIL, BuiltinHandlers.Fail.class);
  }

  // Installed once however many registries are made from module lists that include it.
  @Override
  public boolean equals(Object other) {
    return other instanceof BuiltinHandlersModule;
  }

  @Override
  public int hashCode() {
    return BuiltinHandlersModule.class.hashCode();
  }
}
