package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostgresChannelsTest {
  @Test
  void the_public_schema_keeps_the_channels_of_older_flowc() {
    assertThat(PostgresChannels.of("public"))
        .isEqualTo(new PostgresChannels("flowc_ready", "flowc_cancel"));
  }

  @Test
  void another_schema_names_its_channels_after_itself() {
    assertThat(PostgresChannels.of("tenant_a"))
        .isEqualTo(new PostgresChannels("flowc_ready.tenant_a", "flowc_cancel.tenant_a"));
    assertThat(PostgresChannels.of("Public").ready()).isEqualTo("flowc_ready.Public");
  }

  @Test
  void a_name_too_long_or_not_plain_ascii_gives_hashed_channels_that_fit_an_identifier() {
    for (String schema : List.of("s".repeat(51), "s".repeat(63), "Ünïcödé", "tab\there")) {
      PostgresChannels channels = PostgresChannels.of(schema);
      assertThat(channels.ready()).as(schema).matches("flowc_ready#[0-9a-f]{32}");
      assertThat(channels.cancel())
          .as(schema)
          .isEqualTo("flowc_cancel#" + channels.ready().substring("flowc_ready#".length()));
    }
    // The longest readable one: flowc_cancel. and 50 characters, 63 bytes.
    assertThat(PostgresChannels.of("s".repeat(50)).cancel()).hasSize(63);
    assertThat(PostgresChannels.of("s".repeat(51)).cancel()).startsWith("flowc_cancel#");
  }

  @Test
  void no_two_schemas_share_a_channel_and_every_channel_fits_in_63_bytes() {
    List<String> schemas =
        List.of(
            "public",
            "Public",
            "public ",
            "flowc",
            "a",
            "a.b",
            "a#b",
            "\"quoted\"",
            "s".repeat(50),
            "s".repeat(51),
            "s".repeat(63),
            "t".repeat(63),
            "Ünïcödé",
            "ünïcödé");
    Set<String> channels = new HashSet<>();
    for (String schema : schemas) {
      PostgresChannels of = PostgresChannels.of(schema);
      assertThat(channels.add(of.ready())).as(schema).isTrue();
      assertThat(channels.add(of.cancel())).as(schema).isTrue();
      assertThat(of.ready().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
      assertThat(of.cancel().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    }
  }

  @Test
  void listening_quotes_the_channels_keeping_their_case_and_quotes() {
    assertThat(PostgresChannels.of("Tenant \"A\"").listen())
        .containsExactly(
            "LISTEN \"flowc_ready.Tenant \"\"A\"\"\"", "LISTEN \"flowc_cancel.Tenant \"\"A\"\"\"");
  }
}
