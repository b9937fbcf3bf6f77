package dev.flowc.cli.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  @TempDir Path dir;

  @AfterEach
  void forget() {
    Secrets.clearForTests();
  }

  @Test
  void a_known_secret_is_masked_wherever_it_appears() {
    Secrets.add("S3cr3t-pw");

    assertThat(Secrets.scrub("FATAL: login failed, tried S3cr3t-pw twice (S3cr3t-pw)"))
        .isEqualTo("FATAL: login failed, tried *** twice (***)");
  }

  @Test
  void passwords_of_a_url_are_known_as_written_and_decoded() {
    Secrets.addFromUrl("jdbc:postgresql://db:5432/flowc?user=etl&password=p%40ss%26word");
    Secrets.addFromUrl("postgresql://admin:hunter2@db/flowc");

    assertThat(Secrets.scrub("p@ss&word p%40ss%26word hunter2")).isEqualTo("*** *** ***");
  }

  @Test
  void a_url_in_any_text_is_shown_masked_even_when_its_password_was_never_added() {
    assertThat(
            Secrets.scrub(
                "cannot connect to jdbc:postgresql://db/flowc?user=etl&password=unseen1 (refused)"))
        .isEqualTo("cannot connect to jdbc:postgresql://db/flowc?user=etl&password=*** (refused)");
    assertThat(Secrets.scrub("url 'postgres://admin:unseen2@db:5432/flowc' failed"))
        .isEqualTo("url 'postgres://admin:***@db:5432/flowc' failed");
  }

  @Test
  void the_longer_of_two_overlapping_secrets_is_masked_whole() {
    Secrets.add("abcd");
    Secrets.add("abcdefgh");

    assertThat(Secrets.scrub("x abcdefgh y abcd")).isEqualTo("x *** y ***");
  }

  @Test
  void passwords_of_one_or_two_characters_are_not_replaced_in_every_word() {
    Secrets.add("a");
    Secrets.add("ab");

    assertThat(Secrets.scrub("a cab")).isEqualTo("a cab");
  }

  @Test
  void pgpassword_and_every_password_of_the_pgpass_file_are_known() throws IOException {
    Path pgpass = dir.resolve("pgpass");
    Files.writeString(
        pgpass,
        "# comment: not:a:pass:word:here\n"
            + "db:5432:flowc:etl:first\\:pass\n"
            + "*:*:*:*:second-pass\n"
            + "broken:line\n",
        UTF_8);

    Secrets.addFromEnvironment(Map.of("PGPASSWORD", "env-pass", "PGPASSFILE", pgpass.toString()));

    assertThat(Secrets.scrub("env-pass first:pass second-pass broken:line here"))
        .isEqualTo("*** *** *** broken:line here");
  }

  @Test
  void the_stream_masks_a_secret_split_across_writes() throws IOException {
    Secrets.add("split-secret");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream stream = new PrintStream(new ScrubbedOutputStream(bytes), false, UTF_8)) {
      stream.print("one split-");
      stream.print("secret two\nthree ");
      stream.flush();
      stream.print("end");
    }

    assertThat(bytes.toString(UTF_8)).isEqualTo("one *** two\nthree end");
  }

  @Test
  void the_stream_passes_lines_without_a_secret_byte_for_byte() throws IOException {
    Secrets.add("irrelevant");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 'x', '\n'};
    try (ScrubbedOutputStream stream = new ScrubbedOutputStream(bytes)) {
      stream.write(notUtf8);
    }

    assertThat(bytes.toByteArray()).isEqualTo(notUtf8);
  }

  @Test
  void the_writer_masks_a_stack_trace() {
    Secrets.add("trace-secret");
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(new ScrubbedWriter(text));

    new IllegalStateException("failed with trace-secret", new RuntimeException("trace-secret"))
        .printStackTrace(writer);
    writer.flush();

    assertThat(text.toString()).doesNotContain("trace-secret").contains("failed with ***");
  }
}
