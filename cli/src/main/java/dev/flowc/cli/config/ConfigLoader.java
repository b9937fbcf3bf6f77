package dev.flowc.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flowc.cli.ExitCode;
import dev.flowc.cli.IoMessages;
import dev.flowc.cli.UserException;
import dev.flowc.cli.store.Secrets;
import dev.flowc.cli.store.StoreText;
import dev.flowc.compiler.diagnostic.Suggestions;
import dev.flowc.compiler.parse.Literals;
import java.io.File;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Finds and reads {@code flowc.yaml}, and resolves command-line paths the same way.
 *
 * <p>Lookup: a command that takes a pipeline file uses {@link #forPipeline(Path)} (the file's
 * directory, then its parents); other commands use {@link #forWorkingDirectory()} (the working
 * directory, then its parents). The first {@code flowc.yaml} found wins; there is no merging of
 * several files. Paths in the file are relative to the file's directory; paths on the command line
 * are relative to the working directory.
 *
 * <p>Every string value may name environment variables, {@code ${env:NAME}} or {@code
 * ${env:NAME:-default}} (see {@link EnvReferences}), and the variable {@value #STORE_VARIABLE},
 * when set, is the store whatever the file says (a path relative to the working directory, as after
 * {@code --store}, which overrides both).
 *
 * <p>Every problem in the file (unknown key, wrong type, bad YAML, an unset variable) is a {@link
 * UserException} with exit code 2 and a message {@code flowc.yaml:LINE:COLUMN: what is wrong}.
 */
public final class ConfigLoader {
  private static final List<String> KEYS =
      List.of(
          "store",
          "password_file",
          "workers",
          "prefetch",
          "classpath",
          "modules",
          "params",
          "lock_timeout",
          "reconnect_timeout",
          "retention");
  private static final YAMLFactory YAML = new YAMLFactory();

  /** The environment variable that, set and not empty, names the store over {@code store:}. */
  public static final String STORE_VARIABLE = "FLOWC_STORE";

  private final Path workingDirectory;
  private final Map<String, String> environment;

  /**
   * A loader that resolves command-line paths and the default store against {@code dir}, with the
   * process's environment.
   */
  public ConfigLoader(Path workingDirectory) {
    this(workingDirectory, System.getenv());
  }

  /** A loader with the given environment variables instead of the process's. */
  public ConfigLoader(Path workingDirectory, Map<String, String> environment) {
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    this.environment = Map.copyOf(environment);
  }

  /** A loader for the process's working directory. */
  public static ConfigLoader inWorkingDirectory() {
    return new ConfigLoader(Path.of("").toAbsolutePath());
  }

  public Path workingDirectory() {
    return workingDirectory;
  }

  /** The config of a command on {@code pipelineFile}: next to it or in its parent directories. */
  public FlowcConfig forPipeline(Path pipelineFile) {
    Path directory = workingDirectory.resolve(pipelineFile).normalize().getParent();
    return withStoreVariable(find(directory).map(this::load).orElseGet(this::defaults));
  }

  /** The config of a command without a pipeline file: in the working directory or its parents. */
  public FlowcConfig forWorkingDirectory() {
    return withStoreVariable(find(workingDirectory).map(this::load).orElseGet(this::defaults));
  }

  /** {@code config} with the store {@value #STORE_VARIABLE} names, when it is set. */
  private FlowcConfig withStoreVariable(FlowcConfig config) {
    return storeVariable()
        .map(
            store -> {
              // Its password is hidden from every line flowc prints from now on.
              Secrets.addFromUrl(store);
              return config.withStore(resolveStore(store));
            })
        .orElse(config);
  }

  /**
   * The store {@value #STORE_VARIABLE} names, unless it is unset or blank. The file's {@code store}
   * is then not read at all, so a variable it names need not be set (a laptop's {@code
   * ${env:DEV_STORE}} in CI, which sets {@value #STORE_VARIABLE}).
   */
  private Optional<String> storeVariable() {
    String store = environment.get(STORE_VARIABLE);
    return store == null || store.isBlank() ? Optional.empty() : Optional.of(store);
  }

  /** The first {@code flowc.yaml} in {@code directory} or its parents. */
  public Optional<Path> find(Path directory) {
    for (Path at = workingDirectory.resolve(directory).normalize();
        at != null;
        at = at.getParent()) {
      Path candidate = at.resolve(FlowcConfig.FILE_NAME);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The settings when there is no {@code flowc.yaml}. */
  public FlowcConfig defaults() {
    return new FlowcConfig(
        null,
        resolveStore(FlowcConfig.DEFAULT_STORE, workingDirectory),
        FlowcConfig.DEFAULT_WORKERS,
        List.of(),
        List.of(),
        Map.of(),
        FlowcConfig.DEFAULT_LOCK_TIMEOUT,
        null,
        null,
        null,
        FlowcConfig.DEFAULT_RECONNECT_TIMEOUT);
  }

  /**
   * Reads one {@code flowc.yaml}.
   *
   * @throws UserException (exit 2) when it cannot be read or has a mistake
   */
  public FlowcConfig load(Path file) {
    Path absolute = workingDirectory.resolve(file).normalize();
    String shown = shown(absolute);
    String text;
    try {
      text = Files.readString(absolute, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new UserException(ExitCode.USAGE, "cannot read '%s': not UTF-8".formatted(shown), e);
    } catch (IOException e) {
      throw new UserException(
          ExitCode.USAGE, "cannot read '%s': %s".formatted(shown, IoMessages.reason(e)), e);
    }
    return new Reader(absolute, shown).read(text);
  }

  /**
   * A lock timeout as written in flowc.yaml or after {@code --lock-timeout}: a duration such as
   * {@code 30s}, {@code 2m} or {@code 500ms}; {@code 0s} fails at once.
   *
   * @return empty when {@code text} is not one
   */
  public static Optional<Duration> parseLockTimeout(String text) {
    java.util.OptionalLong millis = Literals.parseDuration(text.strip());
    return millis.isPresent() && millis.getAsLong() >= 0
        ? Optional.of(Duration.ofMillis(millis.getAsLong()))
        : Optional.empty();
  }

  /** A {@code --store} value: a URL as it is, a path against the working directory. */
  public String resolveStore(String text) {
    return resolveStore(text, workingDirectory);
  }

  /**
   * A {@code -cp} value: entries separated by the path separator ({@code :}, or {@code ;} on
   * Windows), each against the working directory; an entry ending in {@code *} keeps it.
   */
  public List<Path> resolveClasspath(String text) {
    return splitClasspath(text).stream()
        .map(entry -> resolveClasspathEntry(entry, workingDirectory))
        .toList();
  }

  /**
   * The entries of a {@code -cp} value as written, empty ones skipped. An entry ending in {@code *}
   * stands for every jar in its directory.
   */
  public static List<String> splitClasspath(String text) {
    List<String> entries = new ArrayList<>();
    for (String entry : text.split(File.pathSeparator, -1)) {
      if (!entry.isBlank()) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private static String resolveStore(String text, Path base) {
    if (StoreText.isUrl(text)) {
      return text;
    }
    return base.resolve(text).normalize().toString();
  }

  private static Path resolveClasspathEntry(String entry, Path base) {
    if (entry.endsWith("*")) {
      Path directory = base.resolve(entry.substring(0, entry.length() - 1)).normalize();
      return Path.of(directory + File.separator + "*");
    }
    return base.resolve(entry).normalize();
  }

  /** A path for messages: relative to the working directory when it is under it. */
  private String shown(Path absolute) {
    Path path =
        absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute) : absolute;
    return path.toString().replace(File.separatorChar, '/');
  }

  /** Reads one file's tokens, keeping their positions for messages. */
  private final class Reader {
    private final Path file;
    private final String shown;
    private final Path base;
    private final EnvReferences references = new EnvReferences(environment);
    private List<String> lines = List.of();
    private JsonParser parser;

    Reader(Path file, String shown) {
      this.file = file;
      this.shown = shown;
      this.base = file.getParent();
    }

    FlowcConfig read(String text) {
      lines = text.lines().toList();
      FlowcConfig config = defaults();
      config =
          new FlowcConfig(
              file,
              config.store(),
              config.workers(),
              config.classpath(),
              config.modules(),
              config.params(),
              config.lockTimeout(),
              config.prefetch(),
              config.passwordFile(),
              config.retention(),
              config.reconnectTimeout());
      try (JsonParser yaml = YAML.createParser(text)) {
        parser = yaml;
        JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.VALUE_NULL) {
          return config;
        }
        if (token != JsonToken.START_OBJECT) {
          throw error(
              "expected settings (%s), not %s".formatted(String.join(", ", KEYS), kind(token)));
        }
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          if (!KEYS.contains(key)) {
            throw error(
                "unknown key '%s'%s"
                    .formatted(
                        key,
                        Suggestions.closest(key, KEYS)
                            .map(s -> " (did you mean '" + s + "'?)")
                            .orElse(" (the keys are " + String.join(", ", KEYS) + ")")));
          }
          if (!seen.add(key)) {
            throw error("'%s' is set twice".formatted(key));
          }
          parser.nextToken();
          config =
              switch (key) {
                case "store" -> store(config);
                case "password_file" ->
                    config.withPasswordFile(base.resolve(string("password_file")).normalize());
                case "workers" -> config.withWorkers(workers());
                case "prefetch" -> config.withPrefetch(prefetch());
                case "classpath" ->
                    config.withClasspath(
                        strings("classpath").stream()
                            .map(entry -> resolveClasspathEntry(entry, base))
                            .toList());
                case "modules" ->
                    new FlowcConfig(
                        file,
                        config.store(),
                        config.workers(),
                        config.classpath(),
                        strings("modules"),
                        config.params(),
                        config.lockTimeout(),
                        config.prefetch(),
                        config.passwordFile(),
                        config.retention(),
                        config.reconnectTimeout());
                case "params" -> config.withParams(params());
                case "lock_timeout" -> config.withLockTimeout(duration("lock_timeout"));
                case "reconnect_timeout" ->
                    config.withReconnectTimeout(duration("reconnect_timeout"));
                case "retention" -> config.withRetention(retention());
                default -> throw new IllegalStateException("unhandled key " + key);
              };
        }
        return config;
      } catch (JsonProcessingException e) {
        throw syntaxError(e);
      } catch (IOException e) {
        throw new UserException(
            ExitCode.USAGE, "cannot read '%s': %s".formatted(shown, IoMessages.reason(e)), e);
      }
    }

    /** The problem snakeyaml names and where it is, rather than what it was parsing. */
    private UserException syntaxError(JsonProcessingException e) {
      String where = position(e.getLocation());
      String problem = null;
      if (e.getCause() instanceof MarkedYAMLException marked) {
        problem = marked.getProblem();
        Mark mark = marked.getProblemMark();
        if (mark != null) {
          where = "%s:%d:%d".formatted(shown, mark.getLine() + 1, mark.getColumn() + 1);
        }
      }
      if (problem == null || problem.isBlank()) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        problem = original.lines().findFirst().orElse("syntax error").strip();
      }
      return new UserException(
          ExitCode.USAGE, "%s: invalid YAML: %s".formatted(where, problem.strip()), e);
    }

    private String string(String key) throws IOException {
      JsonToken token = parser.currentToken();
      if (token != JsonToken.VALUE_STRING) {
        throw error("'%s' must be a string, not %s".formatted(key, kind(token)));
      }
      String value = expanded();
      if (value.isBlank()) {
        throw error(
            "'%s' must not be empty%s"
                .formatted(
                    key,
                    EnvReferences.mentions(parser.getText())
                        ? " (it is '%s')".formatted(parser.getText())
                        : ""));
      }
      return value;
    }

    /** The current string token with its environment references expanded. */
    private String expanded() throws IOException {
      String raw = parser.getText();
      try {
        return references.expand(raw);
      } catch (EnvReferences.Unexpandable e) {
        throw new UserException(
            ExitCode.USAGE, "%s: %s".formatted(referencePosition(raw, e.offset()), e.getMessage()));
      }
    }

    /**
     * Where the reference at {@code offset} of the current value is in the file: found in the
     * file's text from the value's position on (a quoted or multi-line value's text is not the
     * value's), else the value's position.
     */
    private String referencePosition(String value, int offset) {
      JsonLocation at = parser.currentTokenLocation();
      int close = value.indexOf('}', offset);
      String reference = value.substring(offset, close < 0 ? value.length() : close + 1);
      if (reference.contains("\n")) {
        reference = reference.substring(0, reference.indexOf('\n'));
      }
      int line = Math.max(1, at.getLineNr());
      for (int index = line - 1; index < lines.size(); index++) {
        int from = index == line - 1 ? Math.max(0, at.getColumnNr() - 1) : 0;
        int found = lines.get(index).indexOf(reference, Math.min(from, lines.get(index).length()));
        if (found >= 0) {
          return "%s:%d:%d"
              .formatted(shown, index + 1, lines.get(index).codePointCount(0, found) + 1);
        }
      }
      return position(at);
    }

    /** {@code config} with the file's store, unless {@value #STORE_VARIABLE} names one. */
    private FlowcConfig store(FlowcConfig config) throws IOException {
      if (storeVariable().isEmpty()) {
        return config.withStore(resolveStore(storeString(), base));
      }
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw error("'store' must be a string, not %s".formatted(kind(parser.currentToken())));
      }
      return config;
    }

    private String storeString() throws IOException {
      String store = string("store");
      // Its password is hidden from every line flowc prints from now on.
      Secrets.addFromUrl(store);
      return store;
    }

    /**
     * A whole number written as a string with an environment reference ({@code workers:
     * ${env:WORKERS:-4}}), or empty for any other token.
     */
    private Optional<Integer> wholeNumberFromEnvironment() throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING
          || !EnvReferences.mentions(parser.getText())) {
        return Optional.empty();
      }
      String value = expanded().strip();
      try {
        return Optional.of(Integer.parseInt(value));
      } catch (NumberFormatException e) {
        return Optional.of(Integer.MIN_VALUE);
      }
    }

    /** What a whole-number key got: its text, and what its references made of it. */
    private String wholeNumberKind(JsonToken token) throws IOException {
      if (token == JsonToken.VALUE_STRING && EnvReferences.mentions(parser.getText())) {
        return "'%s' (from '%s')".formatted(expanded(), parser.getText());
      }
      return kind(token);
    }

    private int workers() throws IOException {
      JsonToken token = parser.currentToken();
      Optional<Integer> fromEnvironment = wholeNumberFromEnvironment();
      if (fromEnvironment.isPresent() && fromEnvironment.get() >= 1) {
        return fromEnvironment.get();
      }
      if (token == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() == JsonParser.NumberType.INT
          && parser.getIntValue() >= 1) {
        return parser.getIntValue();
      }
      throw error(
          "'workers' must be a whole number of at least 1, not %s"
              .formatted(wholeNumberKind(token)));
    }

    private int prefetch() throws IOException {
      JsonToken token = parser.currentToken();
      Optional<Integer> fromEnvironment = wholeNumberFromEnvironment();
      if (fromEnvironment.isPresent() && fromEnvironment.get() >= 0) {
        return fromEnvironment.get();
      }
      if (token == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() == JsonParser.NumberType.INT
          && parser.getIntValue() >= 0) {
        return parser.getIntValue();
      }
      throw error(
          "'prefetch' must be a whole number of at least 0, not %s"
              .formatted(wholeNumberKind(token)));
    }

    /** A list of non-empty strings, or one string. */
    private List<String> strings(String key) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_STRING) {
        return List.of(string(key));
      }
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        throw error(
            "'%s' must be a list of strings, not %s".formatted(key, kind(parser.currentToken())));
      }
      List<String> values = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.VALUE_STRING || expanded().isBlank()) {
          throw error(
              "each entry of '%s' must be a non-empty string, not %s".formatted(key, kind(token)));
        }
        values.add(expanded());
      }
      return values;
    }

    /** The value of the duration setting {@code key} ({@code lock_timeout}, ...). */
    private Duration duration(String key) throws IOException {
      JsonToken token = parser.currentToken();
      Optional<Duration> timeout =
          token == JsonToken.VALUE_STRING ? parseLockTimeout(expanded()) : Optional.empty();
      return timeout.orElseThrow(
          () ->
              error(
                  "'%s' must be a duration such as 30s, 2m or 500ms, not %s"
                      .formatted(key, kindQuietly(token))));
    }

    /**
     * {@code retention: 30d} (complete and cancelled runs), or a mapping of {@code complete},
     * {@code cancelled} and {@code every} (how often workers look) to durations.
     */
    private dev.flowc.runtime.Retention retention() throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_STRING) {
        return dev.flowc.runtime.Retention.of(retentionAge("retention"));
      }
      if (token != JsonToken.START_OBJECT) {
        throw error(
            "'retention' must be a duration such as 30d, or a mapping of complete, cancelled and"
                + " every to durations, not %s".formatted(kind(token)));
      }
      List<String> keys = List.of("complete", "cancelled", "every");
      Map<dev.flowc.runtime.RunStatus, Duration> ages = new LinkedHashMap<>();
      Duration every = dev.flowc.runtime.Retention.DEFAULT_EVERY;
      Set<String> seen = new HashSet<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        if (key.equals("failed")) {
          throw error(
              "'retention' cannot name failed runs: they hold dead letters, which stay until"
                  + " replayed or removed by 'flowc purge --status failed'");
        }
        if (!keys.contains(key)) {
          throw error(
              "unknown key 'retention.%s'%s"
                  .formatted(
                      key,
                      Suggestions.closest(key, keys)
                          .map(s -> " (did you mean '" + s + "'?)")
                          .orElse(" (the keys are complete, cancelled, every)")));
        }
        if (!seen.add(key)) {
          throw error("'retention.%s' is set twice".formatted(key));
        }
        parser.nextToken();
        Duration age = retentionAge("retention." + key);
        if (key.equals("every")) {
          if (age.isZero()) {
            throw error("'retention.every' must be longer than 0s");
          }
          every = age;
        } else {
          ages.put(dev.flowc.runtime.RunStatus.fromLabel(key), age);
        }
      }
      return new dev.flowc.runtime.Retention(ages, every);
    }

    private Duration retentionAge(String key) throws IOException {
      JsonToken token = parser.currentToken();
      java.util.OptionalLong millis =
          token == JsonToken.VALUE_STRING
              ? Literals.parseDuration(expanded().strip())
              : java.util.OptionalLong.empty();
      if (millis.isEmpty() || millis.getAsLong() < 0) {
        throw error(
            "'%s' must be a duration such as 30d, 12h or 90m, not %s".formatted(key, kind(token)));
      }
      return Duration.ofMillis(millis.getAsLong());
    }

    private String kindQuietly(JsonToken token) {
      try {
        return kind(token);
      } catch (IOException e) {
        return String.valueOf(token);
      }
    }

    private Map<String, String> params() throws IOException {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw error(
            "'params' must be a mapping of param names to values, not %s"
                .formatted(kind(parser.currentToken())));
      }
      Map<String, String> params = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (params.containsKey(name)) {
          throw error("param '%s' is set twice".formatted(name));
        }
        JsonToken token = parser.nextToken();
        switch (token) {
          case VALUE_STRING -> params.put(name, expanded());
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
              params.put(name, parser.getText());
          default ->
              throw error(
                  "param '%s' must be a string, a number or a boolean, not %s"
                      .formatted(name, kind(token)));
        }
      }
      return params;
    }

    private String kind(JsonToken token) throws IOException {
      if (token == null) {
        return "nothing";
      }
      return switch (token) {
        case START_OBJECT -> "a mapping";
        case START_ARRAY -> "a list";
        case VALUE_STRING -> "'%s'".formatted(parser.getText());
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
        case VALUE_TRUE, VALUE_FALSE -> parser.getText();
        case VALUE_NULL -> "empty";
        default -> token.asString() == null ? token.name() : token.asString();
      };
    }

    private UserException error(String message) {
      return new UserException(
          ExitCode.USAGE, "%s: %s".formatted(position(parser.currentTokenLocation()), message));
    }

    private String position(JsonLocation at) {
      if (at == null || at.getLineNr() < 1) {
        return shown;
      }
      return "%s:%d:%d".formatted(shown, at.getLineNr(), Math.max(1, at.getColumnNr()));
    }
  }
}
