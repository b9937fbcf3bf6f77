package dev.flowc.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.store.StoreText.UrlKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreTextTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://admin:p@ss@db/flowc | jdbc:postgresql://admin:***@db/flowc",
        "postgresql://admin:S3cret@db/flowc    | postgresql://admin:***@db/flowc",
        "postgres://u:a/b?c@db:5432/flowc      | postgres://u:***@db:5432/flowc",
        "jdbc:postgresql://db/flowc?user=a&password=s3&ssl=true"
            + " | jdbc:postgresql://db/flowc?user=a&password=***&ssl=true",
        "postgresql://db/flowc?sslpassword=x;PassWord=y | postgresql://db/flowc?sslpassword=***;PassWord=***",
        "postgresql://db/flowc?api_token=t#frag | postgresql://db/flowc?api_token=***#frag",
        "postgresql://admin@db/flowc           | postgresql://admin@db/flowc",
        "postgresql://db/flowc                 | postgresql://db/flowc",
        "mysql://root:pw@h/db                  | mysql://root:***@h/db",
        // An '@' after the host hides more than the password, never less.
        "postgresql://u:p@db/x?application_name=a@b | postgresql://u:***@b",
      })
  void every_credential_is_masked(String url, String masked) {
    assertThat(StoreText.mask(url)).isEqualTo(masked);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5433/flowc?user=etl | jdbc:postgresql://db:5433/flowc?user=etl",
        "postgresql://db/flowc                    | jdbc:postgresql://db/flowc",
        "postgres://etl@db:6432/flowc             | jdbc:postgresql://db:6432/flowc?user=etl",
        "postgresql://etl:p%40ss@db/flowc?sslmode=require"
            + " | jdbc:postgresql://db/flowc?sslmode=require&user=etl&password=p%40ss",
        "postgresql://etl:pw@db                   | jdbc:postgresql://db/?user=etl&password=pw",
        "postgresql:///flowc                      | jdbc:postgresql://localhost/flowc",
        "postgresql://a:5432,b:5433/flowc         | jdbc:postgresql://a:5432,b:5433/flowc",
        "jdbc:postgresql://etl:pw@db/flowc?ssl=true"
            + " | jdbc:postgresql://db/flowc?ssl=true&user=etl&password=pw",
      })
  void a_libpq_uri_becomes_the_same_jdbc_url(String url, String jdbc) {
    assertThat(StoreText.jdbcUrl(url)).isEqualTo(jdbc);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db/flowc | POSTGRESQL",
        "JDBC:PostgreSQL://db/flowc | POSTGRESQL",
        "postgresql://db/flowc      | POSTGRESQL",
        "postgres://db/flowc        | POSTGRESQL",
        "postgresql:flowc           | POSTGRESQL",
        "jdbc:sqlite:q.db           | SQLITE",
        "sqlite:q.db                | SQLITE",
        "sqlite:///tmp/q.db         | SQLITE",
        "file:q.db                  | SQLITE",
        "file:///tmp/q.db           | SQLITE",
        "jdbc:mysql://db/flowc      | OTHER",
        "mysql://db/flowc           | OTHER",
        "http://example.com/q.db    | OTHER",
      })
  void database_urls_are_recognised_in_every_spelling(String text, UrlKind kind) {
    assertThat(StoreText.urlKind(text)).isEqualTo(kind);
    assertThat(StoreText.isUrl(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "q.db",
        ".flowc/flowc.db",
        "/var/lib/flowc/flowc.db",
        "C:\\flowc\\flowc.db",
        "C:/flowc/flowc.db",
        "my:store.db",
        "q.db?journal_mode=DELETE"
      })
  void paths_are_not_urls(String text) {
    assertThat(StoreText.urlKind(text)).isNull();
  }
}
