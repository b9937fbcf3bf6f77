package dev.flowc.cli;

import dev.flowc.cli.log.FlowcSlf4jProvider;
import dev.flowc.cli.render.DataFormat;
import dev.flowc.cli.render.DiagnosticReport;
import dev.flowc.cli.render.GraphRenderer;
import dev.flowc.cli.store.RuntimeFactory;
import dev.flowc.cli.store.ScrubbedOutputStream;
import dev.flowc.cli.store.ScrubbedWriter;
import dev.flowc.cli.store.Secrets;
import dev.flowc.runtime.StoreException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code flowc} executable. User mistakes and environment problems print one line on stderr
 * ({@code flowc: ...}) and exit with the code of docs/cli.md; a stack trace only with --debug.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Whatever the process prints, flowc's own lines and those of libraries alike, goes out with
    // database passwords masked.
    PrintStream stdout = scrubbed(System.out);
    PrintStream stderr = scrubbed(System.err);
    System.setErr(stderr);
    PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8));
    // stdout carries flowc's own output only (it may be JSON a program reads): whatever else in
    // the process prints to System.out, a handler's thread that output capture cannot tie to a
    // job or a library, goes to stderr.
    System.setOut(stderr);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    stderr.flush();
    System.exit(code);
  }

  private static PrintStream scrubbed(PrintStream stream) {
    return new PrintStream(new ScrubbedOutputStream(stream), false, StandardCharsets.UTF_8);
  }

  /**
   * Runs flowc with {@code args}, writing to {@code out} and {@code err} (with database passwords
   * masked); returns the exit code.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new FlowcCommand());
    EnumChoice.register(
        commandLine,
        DiagnosticReport.Format.class,
        GraphRenderer.Format.class,
        CompileCommand.Emit.class,
        OutputOptions.ColorMode.class,
        DataFormat.class);
    return run(commandLine, args, out, err);
  }

  /** Runs {@code commandLine} as flowc: its writers, error handling and exit codes. */
  static int run(
      CommandLine commandLine,
      String[] args,
      PrintWriter unscrubbedOut,
      PrintWriter unscrubbedErr) {
    for (String arg : args) {
      // A store URL given on the command line: its password is known before anything can fail.
      Secrets.addFromUrl(arg.substring(arg.indexOf('=') + 1));
      Secrets.addFromUrl(arg);
    }
    PrintWriter out = new PrintWriter(new ScrubbedWriter(unscrubbedOut));
    PrintWriter err = new PrintWriter(new ScrubbedWriter(unscrubbedErr));
    try {
      return runScrubbed(commandLine, args, out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int runScrubbed(
      CommandLine commandLine, String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    if (debug) {
      System.setProperty(FlowcSlf4jProvider.DEBUG_PROPERTY, "true");
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    // picocli's default strategy remembers System.out and System.err as they were when the
    // command line was made, and when they differ at execute() it sends the output there instead
    // of to out and err. A worker running in this JVM swaps them (to route handlers' output), so a
    // command run beside it lost its output. A strategy of our own is left alone.
    commandLine.setExecutionStrategy(parseResult -> new CommandLine.RunLast().execute(parseResult));
    commandLine.setParameterExceptionHandler(
        (e, arguments) -> {
          err.println("flowc: %s (see '%s --help')".formatted(describe(e), helpCommand(e)));
          if (debug) {
            e.printStackTrace(err);
          }
          err.flush();
          return ExitCode.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (e, command, parseResult) -> {
          if (e instanceof UserException user) {
            err.println("flowc: " + user.getMessage());
            if (debug) {
              e.printStackTrace(err);
            }
            err.flush();
            return user.exitCode();
          }
          if (e instanceof StoreException store) {
            // The store failed after it was opened (commands catch failures to open it).
            err.println("flowc: store error: " + RuntimeFactory.describeFailure(store));
            if (debug) {
              e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.STORE;
          }
          err.println(
              "flowc: internal error: %s%s"
                  .formatted(
                      e,
                      debug
                          ? ""
                          : " (rerun with --debug for the stack trace, and please report it)"));
          if (debug) {
            e.printStackTrace(err);
          }
          err.flush();
          return ExitCode.INTERNAL;
        });
    try {
      return commandLine.execute(args);
    } catch (StackOverflowError | OutOfMemoryError e) {
      err.println("flowc: ran out of memory or stack: the input is too large or too deeply nested");
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return ExitCode.INTERNAL;
    }
  }

  /** The command whose help to read, as the user runs flowc: {@code ./flowc check}. */
  private static String helpCommand(ParameterException e) {
    String qualified = e.getCommandLine().getCommandSpec().qualifiedName();
    String root = e.getCommandLine().getCommandSpec().root().name();
    return qualified.startsWith(root)
        ? CommandName.current() + qualified.substring(root.length())
        : qualified;
  }

  /** picocli's message, except for words it does not know, which it calls "unmatched". */
  private static String describe(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()) {
      String word = unmatched.getUnmatched().get(0);
      if (e.getCommandLine().getCommandSpec().subcommands().isEmpty()) {
        return "unexpected argument '%s'".formatted(word);
      }
      List<String> suggestions = unmatched.getSuggestions();
      return "unknown command '%s'%s"
          .formatted(
              word,
              suggestions.isEmpty() ? "" : "; did you mean '%s'?".formatted(suggestions.get(0)));
    }
    return lowerFirst(e.getMessage());
  }

  private static String lowerFirst(String message) {
    if (message == null || message.isEmpty()) {
      return "invalid command line";
    }
    return Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }
}
