package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresUrlTest {
  private static final String PGPASSFILE_PROPERTY = "org.postgresql.pgpassfile";

  @TempDir Path dir;
  private String savedPassFile;

  @BeforeEach
  void pointPgpassAtAnEmptyFile() throws Exception {
    savedPassFile = System.getProperty(PGPASSFILE_PROPERTY);
    Path none = dir.resolve("none.pgpass");
    Files.writeString(none, "");
    System.setProperty(PGPASSFILE_PROPERTY, none.toString());
  }

  @AfterEach
  void restore() {
    if (savedPassFile == null) {
      System.clearProperty(PGPASSFILE_PROPERTY);
    } else {
      System.setProperty(PGPASSFILE_PROPERTY, savedPassFile);
    }
  }

  private static PostgresUrl parse(String url, Path passwordFile, Map<String, String> env) {
    return PostgresUrl.parse(url, passwordFile, env::get);
  }

  @Test
  void the_password_parameter_is_masked_wherever_it_is_in_the_query() {
    assertThat(PostgresUrl.mask("jdbc:postgresql://h:5432/db?user=u&password=s3cret"))
        .isEqualTo("jdbc:postgresql://h:5432/db?user=u");
    assertThat(PostgresUrl.mask("jdbc:postgresql://h/db?password=s3cret&user=u&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&ssl=true");
    assertThat(PostgresUrl.mask("jdbc:postgresql://h/db?user=u&PASSWORD=a&b=c&password=d"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&b=c");
    assertThat(PostgresUrl.mask("jdbc:postgresql://h/db?user=u"))
        .isEqualTo("jdbc:postgresql://h/db?user=u");
  }

  @Test
  void the_urls_password_comes_first_and_never_shows() {
    PostgresUrl url =
        parse(
            "jdbc:postgresql://db.internal:6543/flowc?user=flowc&password=fromurl",
            null,
            Map.of("PGPASSWORD", "fromenv"));
    assertThat(url.password()).isEqualTo("fromurl");
    assertThat(url.host()).isEqualTo("db.internal");
    assertThat(url.port()).isEqualTo(6543);
    assertThat(url.database()).isEqualTo("flowc");
    assertThat(url.user()).isEqualTo("flowc");
    assertThat(url.address()).isEqualTo("db.internal:6543");
    assertThat(url.masked()).doesNotContain("fromurl");
    assertThat(url.toString()).doesNotContain("fromurl");
  }

  @Test
  void then_pgpassword_then_the_pgpass_file_then_the_password_file() throws Exception {
    String plain = "jdbc:postgresql://db.internal:6543/flowc?user=flowc";
    Path file = dir.resolve("password");
    Files.writeString(file, "fromfile\nignored\n");
    assertThat(parse(plain, file, Map.of("PGPASSWORD", "fromenv")).password()).isEqualTo("fromenv");

    Path pgpass = dir.resolve("pgpass");
    Files.writeString(
        pgpass,
        "other:6543:flowc:flowc:wronghost\n"
            + "db.internal:*:flowc:flowc:frompgpass\n"
            + "*:*:*:*:fallback\n");
    System.setProperty(PGPASSFILE_PROPERTY, pgpass.toString());
    assertThat(parse(plain, file, Map.of()).password()).isEqualTo("frompgpass");

    Files.writeString(pgpass, "other:*:*:*:nope\n");
    assertThat(parse(plain, file, Map.of()).password()).isEqualTo("fromfile");
    assertThat(parse(plain, null, Map.of()).password()).isNull();
  }
}
