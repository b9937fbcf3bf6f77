package dev.flowc.cli.run;

import com.google.inject.AbstractModule;
import dev.flowc.runtime.guice.HandlerBinder;
import dev.flowc.runtime.handler.BuiltinHandlers;

/** A module a test's flowc.yaml names: binds a handler under a name only it knows. */
public final class TestHandlersModule extends AbstractModule {
  @Override
  protected void configure() {
    HandlerBinder.of(binder()).bind("test.fails_once", BuiltinHandlers.Fail.class);
    HandlerBinder.of(binder()).bind("test.big", BigResultHandler.class);
  }
}
