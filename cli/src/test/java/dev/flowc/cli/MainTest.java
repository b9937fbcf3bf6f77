package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @CommandLine.Option(names = "--how")
    String how = "bug";

    @CommandLine.Option(names = "--url")
    String url;

    @Override
    public Integer call() {
      switch (how) {
        case "user" -> throw new UserException(ExitCode.STORE, "cannot open store 'x.db': locked");
        case "stack" -> throw new StackOverflowError();
        case "store" ->
            throw new dev.flowc.runtime.StoreException(
                "store '/x.db' is locked by another process\nsecond line");
        case "leak" ->
            // A driver's message that repeats the password of the store URL on the command line.
            throw new dev.flowc.runtime.StoreException(
                "login failed with password Leaky-Pw1",
                new java.sql.SQLException("jdbc:postgresql://db/x?password=Leaky-Pw1 refused"));
        default -> throw new IllegalStateException("kaboom");
      }
    }
  }

  private static FlowcRun runWithBoom(String... args) {
    CommandLine commandLine = new CommandLine(new FlowcCommand());
    commandLine.addSubcommand(new Boom());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(commandLine, args, new PrintWriter(out), new PrintWriter(err));
    return new FlowcRun(code, out.toString(), err.toString());
  }

  @Test
  void
      the_output_goes_to_the_given_writers_when_system_out_changed_after_the_command_line_was_made() {
    // A worker in the same JVM swaps System.out and System.err while its handlers run.
    CommandLine commandLine = new CommandLine(new FlowcCommand());
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream elsewhere = new java.io.ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    int code;
    try {
      System.setOut(new java.io.PrintStream(elsewhere, true));
      code =
          Main.run(
              commandLine,
              new String[] {"--version"},
              new PrintWriter(out),
              new PrintWriter(new StringWriter()));
    } finally {
      System.setOut(original);
    }

    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("flowc ");
    assertThat(elsewhere.toString()).isEmpty();
  }

  @Test
  void an_unexpected_exception_is_one_line_and_exit_70() {
    FlowcRun run = runWithBoom("boom");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "flowc: internal error: java.lang.IllegalStateException: kaboom (rerun with --debug"
                + " for the stack trace, and please report it)\n");
  }

  @Test
  void debug_adds_the_stack_trace_of_an_unexpected_exception() {
    FlowcRun run = runWithBoom("--debug", "boom");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
    assertThat(run.err())
        .startsWith("flowc: internal error: java.lang.IllegalStateException: kaboom\n")
        .contains("\tat dev.flowc.cli.MainTest$Boom.call");
  }

  @Test
  void a_store_failure_while_in_use_is_one_line_and_exit_3() {
    FlowcRun run = runWithBoom("boom", "--how", "store");

    assertThat(run.exitCode()).isEqualTo(ExitCode.STORE);
    assertThat(run.err())
        .isEqualTo("flowc: store error: store '/x.db' is locked by another process\n");
  }

  @Test
  void a_user_exception_is_its_message_and_its_exit_code() {
    FlowcRun run = runWithBoom("boom", "--how", "user");

    assertThat(run.exitCode()).isEqualTo(ExitCode.STORE);
    assertThat(run.err()).isEqualTo("flowc: cannot open store 'x.db': locked\n");
  }

  @Test
  void debug_shows_the_stack_trace_of_a_user_exception_too() {
    FlowcRun run = runWithBoom("boom", "--how", "user", "--debug");

    assertThat(run.err())
        .startsWith("flowc: cannot open store 'x.db': locked\n")
        .contains("\tat dev.flowc.cli.MainTest$Boom.call");
  }

  @Test
  void a_password_of_the_command_line_is_in_no_line_nor_debug_trace() {
    FlowcRun run =
        runWithBoom(
            "boom", "--how", "leak", "--debug", "--url=jdbc:postgresql://db/x?password=Leaky-Pw1");

    assertThat(run.exitCode()).isEqualTo(ExitCode.STORE);
    assertThat(run.err())
        .startsWith("flowc: store error: login failed with password ***\n")
        .contains("Caused by: java.sql.SQLException: jdbc:postgresql://db/x?password=*** refused")
        .doesNotContain("Leaky-Pw1");
  }

  @Test
  void running_out_of_stack_is_one_line_and_exit_70() {
    FlowcRun run = runWithBoom("boom", "--how", "stack");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("flowc: ran out of memory or stack");
  }

  @Test
  void debug_shows_the_stack_trace_of_a_usage_error() {
    FlowcRun run = FlowcRun.of("--debug", "--bogus");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).startsWith("flowc: unknown option: '--bogus'").contains("\tat picocli.");
  }
}
