package dev.flowc.samples.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code target/flowc-samples.jar}, as {@code samples/etl/flowc.yaml} hands it to
 * flowc: it must carry the handlers and commons-csv, and nothing flowc provides.
 */
class FlowcSamplesJarIT {
  private static final Path JAR = Path.of(System.getProperty("flowc.samples.jar"));

  @Test
  void holds_the_handlers_the_module_service_and_commons_csv() throws IOException {
    List<String> entries = entries();

    assertThat(entries)
        .contains(
            "dev/flowc/samples/etl/EtlModule.class",
            "dev/flowc/samples/etl/ExtractCsv.class",
            "META-INF/services/com.google.inject.Module",
            "org/apache/commons/csv/CSVParser.class",
            "org/apache/commons/io/IOUtils.class");
  }

  @Test
  void leaves_out_what_flowc_provides() throws IOException {
    assertThat(entries())
        .filteredOn(name -> name.endsWith(".class"))
        .noneMatch(
            name ->
                name.startsWith("dev/flowc/runtime/")
                    || name.startsWith("dev/flowc/dag/")
                    || name.startsWith("com/fasterxml/")
                    || name.startsWith("com/google/")
                    || name.startsWith("org/sqlite/"));
  }

  /**
   * Loads the jar as flowc does ({@code HandlerClasspath.load} with the module named in
   * flowc.yaml), inside a class loader that sees only flowc's own classpath, and runs {@code
   * etl.extract-csv} on the sample's export: the handler and commons-csv come from the jar.
   */
  @Test
  void flowc_loads_it_and_runs_extract_csv_with_the_commons_csv_inside() throws Exception {
    try (URLClassLoader flowc =
        new URLClassLoader(flowcClasspath(), ClassLoader.getPlatformClassLoader())) {
      Object registry =
          flowc
              .loadClass("dev.flowc.runtime.handler.HandlerClasspath")
              .getMethod("load", List.class, List.class)
              .invoke(null, List.of(JAR), List.of(EtlModule.class.getName()));
      Object resolved = call(registry, "resolve", "etl.extract-csv");
      Object handler = call(resolved, "handler");
      Object mapper =
          flowc
              .loadClass("com.fasterxml.jackson.databind.ObjectMapper")
              .getConstructor()
              .newInstance();
      Object json = call(mapper, "readTree", "{\"file_path\": \"data/export.csv\"}");
      Class<?> javaType = flowc.loadClass("com.fasterxml.jackson.databind.JavaType");
      Object input =
          mapper
              .getClass()
              .getMethod("convertValue", Object.class, javaType)
              .invoke(mapper, json, call(resolved, "inputType"));
      Class<?> contextType = flowc.loadClass("dev.flowc.runtime.JobContext");

      Object rows =
          handler
              .getClass()
              .getMethod("handle", Object.class, contextType)
              .invoke(handler, input, context(contextType, EtlHandlers.SAMPLE));

      assertThat((List<?>) rows).hasSize(200);
      assertThat(handler.getClass().getClassLoader()).isNotSameAs(flowc);
      assertThat(
              handler
                  .getClass()
                  .getClassLoader()
                  .loadClass("org.apache.commons.csv.CSVParser")
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation())
          .isEqualTo(JAR.toUri().toURL());
    }
  }

  /** This test's classpath without the samples' classes and what the samples jar shades in. */
  private static URL[] flowcClasspath() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      String name = path.getFileName().toString();
      boolean samples = path.startsWith(Path.of("target").toAbsolutePath());
      boolean shaded =
          name.startsWith("commons-csv-")
              || name.startsWith("commons-io-")
              || name.startsWith("commons-codec-");
      if (!samples && !shaded) {
        urls.add(path.toUri().toURL());
      }
    }
    return urls.toArray(URL[]::new);
  }

  /** A job context of flowc's class loader: first attempt, relative paths against {@code base}. */
  private static Object context(Class<?> type, Path base) {
    InvocationHandler answer =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "attempt" -> 1;
              case "baseDirectory" -> Optional.of(base);
              case "resolvePath" -> InvocationHandler.invokeDefault(proxy, method, args);
              default -> throw new UnsupportedOperationException(method.getName());
            };
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, answer);
  }

  private static Object call(Object target, String name, Object... args) throws Exception {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        Class<?>[] types = method.getParameterTypes();
        if (args.length == 0 || types[0].isInstance(args[0])) {
          return method.invoke(target, args);
        }
      }
    }
    throw new NoSuchMethodException(target.getClass().getName() + "." + name);
  }

  private static List<String> entries() throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        names.add(entries.nextElement().getName());
      }
    }
    return names;
  }
}
