package dev.flowc.cli.verify;

import com.google.inject.AbstractModule;
import dev.flowc.runtime.guice.HandlerBinder;

/** Binds the {@link TestHandlers}. */
public final class TestHandlersModule extends AbstractModule {
  @Override
  protected void configure() {
    HandlerBinder.of(binder())
        .bind("etl.extract-api", TestHandlers.ExtractApi.class)
        .bind("etl.load", TestHandlers.Load.class)
        .bind("test.lenient", TestHandlers.Lenient.class)
        .bind("test.bean", TestHandlers.BeanInput.class)
        .bind("test.tags", TestHandlers.Tags.class)
        .bind("test.any", TestHandlers.Anything.class)
        .bind("test.ints", TestHandlers.Ints.class);
  }
}
