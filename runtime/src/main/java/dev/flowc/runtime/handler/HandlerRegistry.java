package dev.flowc.runtime.handler;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.google.inject.ConfigurationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.guice.BuiltinHandlersModule;
import dev.flowc.runtime.guice.GuiceErrors;
import dev.flowc.runtime.guice.HandlerBinder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the handler of a job by name: first among those bound with {@link HandlerBinder}, then as a
 * class implementing {@link Handler} loaded from the registry's class loader and made by Guice (so
 * it gets its dependencies injected). Resolutions are cached; the registry is thread-safe.
 */
public final class HandlerRegistry {
  private final Injector injector;
  private final ClassLoader classLoader;
  private final Map<String, Handler<?, ?>> bound;
  private final Map<String, ResolvedHandler> resolved = new ConcurrentHashMap<>();

  private HandlerRegistry(Injector injector, ClassLoader classLoader) {
    this.injector = injector;
    this.classLoader = classLoader;
    Map<String, Handler<?, ?>> map;
    try {
      map = injector.getInstance(Key.get(HandlerBinder.MAP_TYPE));
    } catch (ConfigurationException e) {
      map = Map.of();
    }
    this.bound = map;
  }

  /** A registry over an injector whose modules bound handlers (built-ins are not added). */
  public static HandlerRegistry of(Injector injector, ClassLoader classLoader) {
    return new HandlerRegistry(injector, classLoader);
  }

  /**
   * A registry with the built-in handlers and the handlers {@code modules} bind, classes loaded
   * from {@code classLoader}.
   */
  public static HandlerRegistry create(ClassLoader classLoader, List<? extends Module> modules) {
    List<Module> all = new ArrayList<>(modules);
    all.add(new BuiltinHandlersModule());
    return new HandlerRegistry(Guice.createInjector(all), classLoader);
  }

  /** A registry with only the built-in handlers. */
  public static HandlerRegistry builtins() {
    return create(HandlerRegistry.class.getClassLoader(), List.of());
  }

  /** The names bound with {@link HandlerBinder}, sorted. */
  public Set<String> boundNames() {
    return new TreeSet<>(bound.keySet());
  }

  /** The injector handlers are made by. */
  public Injector injector() {
    return injector;
  }

  /**
   * The handler named {@code name}.
   *
   * @throws UnknownHandlerException when nothing is bound under it and no handler class has it, or
   *     Guice cannot make the class
   */
  public ResolvedHandler resolve(String name) {
    // One instance per name, even when two threads ask for a new name at once.
    return resolved.computeIfAbsent(name, this::lookUp);
  }

  @SuppressWarnings("unchecked")
  private ResolvedHandler lookUp(String name) {
    Handler<?, ?> handler = bound.get(name);
    if (handler == null) {
      handler = instantiate(name);
    }
    JavaType[] types =
        TypeFactory.defaultInstance()
            .constructType(handler.getClass())
            .findTypeParameters(Handler.class);
    JavaType input = typeOrJson(types, 0);
    JavaType result = typeOrJson(types, 1);
    return new ResolvedHandler(name, (Handler<Object, Object>) handler, input, result);
  }

  private static JavaType typeOrJson(JavaType[] types, int index) {
    if (types == null || types.length <= index || types[index].getRawClass() == Object.class) {
      return TypeFactory.defaultInstance().constructType(JsonNode.class);
    }
    return types[index];
  }

  private Handler<?, ?> instantiate(String name) {
    Class<?> type;
    try {
      type = Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UnknownHandlerException(
          name,
          "no handler is bound under '%s' and no class of that name is on the classpath"
              .formatted(name));
    }
    if (!Handler.class.isAssignableFrom(type)) {
      throw new UnknownHandlerException(
          name, "class '%s' does not implement %s".formatted(name, Handler.class.getName()));
    }
    try {
      return (Handler<?, ?>) injector.getInstance(type);
    } catch (ConfigurationException e) {
      throw cannotCreate(name, e.getErrorMessages());
    } catch (ProvisionException e) {
      throw cannotCreate(name, e.getErrorMessages());
    }
  }

  private static UnknownHandlerException cannotCreate(String name, Collection<Message> errors) {
    return new UnknownHandlerException(
        name,
        "Guice cannot create handler class '%s': %s"
            .formatted(name, GuiceErrors.firstLine(errors)));
  }
}
