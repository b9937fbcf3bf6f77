package dev.flowc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Handler classes made at test time, so that {@code --classpath} points at classes that are not on
 * flowc's own classpath: Java sources compiled with the JDK's compiler against the test's classpath
 * (which has the runtime's handler API and Guice), and packed into jars.
 */
final class JavaClasses {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile(
          "(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");

  private JavaClasses() {}

  /**
   * Compiles {@code sources} (each a whole compilation unit with one public top-level type) into
   * {@code classes}.
   *
   * @return {@code classes}
   */
  static Path compile(Path classes, List<String> sources) {
    try {
      Path sourceDir = Files.createTempDirectory("flowc-sources");
      List<String> arguments = new ArrayList<>();
      arguments.addAll(
          List.of(
              "-d",
              classes.toString(),
              "-classpath",
              System.getProperty("java.class.path"),
              "-proc:none",
              "-encoding",
              "UTF-8"));
      for (String source : sources) {
        Path file = sourceDir.resolve(fileName(source));
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, UTF_8);
        arguments.add(file.toString());
      }
      Files.createDirectories(classes);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null) {
        throw new IllegalStateException("the tests need a JDK: no Java compiler in this JVM");
      }
      StringWriter errors = new StringWriter();
      int status =
          javac.run(
              null,
              new OutputStreamWriterStream(errors),
              new OutputStreamWriterStream(errors),
              arguments.toArray(String[]::new));
      if (status != 0) {
        throw new IllegalStateException("the test sources do not compile:\n" + errors);
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Packs the files under {@code classes}, plus {@code extra} entries (path to text, such as a
   * {@code META-INF/services} file), into {@code jar}.
   *
   * @return {@code jar}
   */
  static Path jar(Path classes, Map<String, String> extra, Path jar) {
    try {
      Files.createDirectories(jar.getParent());
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
          Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
          out.write(Files.readAllBytes(file));
          out.closeEntry();
        }
        for (Map.Entry<String, String> entry : extra.entrySet()) {
          out.putNextEntry(new JarEntry(entry.getKey()));
          out.write(entry.getValue().getBytes(UTF_8));
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code com/example/EtlModule.java} for a source in that package declaring that type. */
  private static String fileName(String source) {
    Matcher type = TYPE.matcher(source);
    if (!type.find()) {
      throw new IllegalArgumentException("no public top-level type in:\n" + source);
    }
    Matcher pkg = PACKAGE.matcher(source);
    String dir = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
    return dir + type.group(1) + ".java";
  }

  /** The compiler's diagnostics into a string. */
  private static final class OutputStreamWriterStream extends OutputStream {
    private final StringWriter target;

    OutputStreamWriterStream(StringWriter target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      target.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      target.write(new String(bytes, offset, length, UTF_8));
    }
  }
}
