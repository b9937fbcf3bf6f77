package dev.flowc.runtime.handler;

import com.google.inject.CreationException;
import com.google.inject.Module;
import dev.flowc.runtime.guice.GuiceErrors;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Loads user handlers: the configured classpath in a class loader of its own (whose parent sees
 * flowc's runtime API), the named Guice modules plus every {@link Module} the classpath declares as
 * a {@link ServiceLoader} service, and one injector with the built-in handlers added.
 */
public final class HandlerClasspath {
  private HandlerClasspath() {}

  /**
   * A registry over {@code classpath} (directories and jars; a directory ending in {@code *} means
   * every jar in it) and {@code moduleClassNames}.
   *
   * @throws HandlerLoadException when an entry is missing or a module cannot be loaded or fails
   */
  public static HandlerRegistry load(List<Path> classpath, List<String> moduleClassNames) {
    ClassLoader parent = HandlerClasspath.class.getClassLoader();
    ClassLoader loader = classpath.isEmpty() ? parent : new URLClassLoader(urls(classpath), parent);
    Map<Class<?>, Module> modules = new LinkedHashMap<>();
    for (String name : moduleClassNames) {
      Module module = instantiate(name, loader);
      modules.put(module.getClass(), module);
    }
    if (!classpath.isEmpty()) {
      List<Class<?>> services = new ArrayList<>();
      try {
        // Only the classes: they are made below as the named modules are, so that what their
        // code throws is said the same way.
        ServiceLoader.load(Module.class, loader).stream().forEach(p -> services.add(p.type()));
      } catch (java.util.ServiceConfigurationError e) {
        throw new HandlerLoadException("cannot load a Guice module service: " + e.getMessage(), e);
      }
      for (Class<?> service : services) {
        if (!modules.containsKey(service)) {
          modules.put(service, instantiate(service.getName(), loader));
        }
      }
    }
    try {
      return HandlerRegistry.create(loader, new ArrayList<>(modules.values()));
    } catch (CreationException e) {
      Optional<GuiceErrors.ModuleFailure> failure = GuiceErrors.moduleFailure(e.getErrorMessages());
      if (failure.isPresent()) {
        throw new HandlerLoadException(
            "module '%s' failed in configure(): %s"
                .formatted(failure.get().module(), GuiceErrors.describe(failure.get().thrown())),
            e);
      }
      throw new HandlerLoadException("the Guice modules do not configure: " + firstMessage(e), e);
    }
  }

  private static String firstMessage(CreationException e) {
    return e.getErrorMessages().isEmpty()
        ? String.valueOf(e.getMessage()).lines().findFirst().orElse("")
        : e.getErrorMessages().iterator().next().getMessage();
  }

  private static Module instantiate(String name, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new HandlerLoadException(
          "module class '%s' is not on the classpath".formatted(name), e);
    } catch (ExceptionInInitializerError e) {
      throw new HandlerLoadException(
          "module '%s' failed in its static initializer: %s"
              .formatted(name, GuiceErrors.describe(e)),
          e);
    } catch (LinkageError e) {
      // Found, but a class it needs is missing, or it was compiled for a newer Java.
      throw new HandlerLoadException(
          "module class '%s' cannot be loaded: %s".formatted(name, GuiceErrors.describe(e)), e);
    }
    if (!Module.class.isAssignableFrom(type)) {
      throw new HandlerLoadException(
          "class '%s' is not a Guice module (com.google.inject.Module)".formatted(name));
    }
    Constructor<?> constructor;
    try {
      constructor = type.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new HandlerLoadException(
          "cannot create module '%s': it needs a public no-argument constructor".formatted(name),
          e);
    }
    try {
      return (Module) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new HandlerLoadException(
          "module '%s' failed in its constructor: %s".formatted(name, GuiceErrors.describe(e)), e);
    } catch (IllegalAccessException e) {
      throw new HandlerLoadException(
          "cannot create module '%s': it or its no-argument constructor is not public"
              .formatted(name),
          e);
    } catch (InstantiationException e) {
      throw new HandlerLoadException(
          "cannot create module '%s': it is an abstract class".formatted(name), e);
    } catch (ExceptionInInitializerError e) {
      // A class the constructor uses failed to initialise.
      throw new HandlerLoadException(
          "module '%s' failed in its constructor: %s".formatted(name, GuiceErrors.describe(e)), e);
    }
  }

  private static URL[] urls(List<Path> classpath) {
    List<URL> urls = new ArrayList<>();
    for (Path entry : classpath) {
      String text = entry.toString();
      if (text.endsWith("*")) {
        Path dir = Path.of(text.substring(0, text.length() - 1));
        try (Stream<Path> jars = Files.list(dir)) {
          jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
        } catch (IOException e) {
          throw new HandlerLoadException("classpath entry '%s' cannot be read".formatted(text), e);
        }
      } else if (!Files.exists(entry)) {
        throw new HandlerLoadException("classpath entry '%s' does not exist".formatted(text));
      } else {
        urls.add(url(entry));
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new HandlerLoadException("classpath entry '%s' is not a valid path".formatted(path), e);
    }
  }
}
