package dev.flowc.runtime.guice;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.flowc.runtime.Handler;

/**
 * Binds handlers under the names pipelines use ({@code handler etl.extract-api}), over a Guice
 * {@link MapBinder}, so several modules can contribute handlers:
 *
 * <pre>{@code
 * final class EtlModule extends AbstractModule {
 *   protected void configure() {
 *     HandlerBinder.of(binder())
 *         .bind("etl.extract-api", ExtractApi.class)
 *         .bind("etl.normalize", Normalize.class);
 *   }
 * }
 * }</pre>
 *
 * Handlers bound by class are singletons made by Guice, with their own dependencies injected.
 */
public final class HandlerBinder {
  /** The map the handlers are bound in. */
  public static final TypeLiteral<java.util.Map<String, Handler<?, ?>>> MAP_TYPE =
      new TypeLiteral<>() {};

  private static final TypeLiteral<String> NAME = TypeLiteral.get(String.class);
  private static final TypeLiteral<Handler<?, ?>> HANDLER = new TypeLiteral<>() {};

  private final MapBinder<String, Handler<?, ?>> map;

  private HandlerBinder(Binder binder) {
    this.map = MapBinder.newMapBinder(binder, NAME, HANDLER);
  }

  /** A handler binder writing to {@code binder}'s handler map. */
  public static HandlerBinder of(Binder binder) {
    return new HandlerBinder(binder);
  }

  /** Binds {@code type} (made by Guice, as a singleton) under {@code name}. */
  public HandlerBinder bind(String name, Class<? extends Handler<?, ?>> type) {
    map.addBinding(name).to(type).in(com.google.inject.Singleton.class);
    return this;
  }

  /** Binds an existing instance under {@code name}. */
  public HandlerBinder bind(String name, Handler<?, ?> instance) {
    map.addBinding(name).toInstance(instance);
    return this;
  }
}
