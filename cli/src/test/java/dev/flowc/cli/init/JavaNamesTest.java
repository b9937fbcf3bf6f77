package dev.flowc.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaNamesTest {
  @Test
  void a_package_is_dotted_identifiers_without_keywords_at_least_two_outside_java() {
    assertThat(JavaNames.packageProblem("com.example.etl")).isEmpty();
    assertThat(JavaNames.packageProblem("org.acme_corp.Jobs2")).isEmpty();
    assertThat(JavaNames.packageProblem("com.example.1etl"))
        .hasValueSatisfying(p -> assertThat(p).contains("'1etl' is not a Java identifier"));
    assertThat(JavaNames.packageProblem("com.new.etl"))
        .hasValue("'new' is a Java keyword, not a package name part");
    assertThat(JavaNames.packageProblem("com..etl"))
        .hasValue("'com..etl' has an empty part between dots");
    assertThat(JavaNames.packageProblem("etl"))
        .hasValue("give at least two parts, such as com.example.etl");
    assertThat(JavaNames.packageProblem("java.etl"))
        .hasValue("packages under 'java.' belong to the JDK");
    assertThat(JavaNames.packageProblem("com.exämple")).isPresent();
    assertThat(JavaNames.packageProblem("")).isPresent();
  }

  @Test
  void names_derived_from_the_directory_are_always_valid() {
    assertThat(JavaNames.defaultPackage("My-ETL")).isEqualTo("com.example.myetl");
    assertThat(JavaNames.defaultPackage("2024")).isEqualTo("com.example.handlers");
    assertThat(JavaNames.defaultPackage("class")).isEqualTo("com.example.handlers");
    assertThat(JavaNames.artifactId("My ETL (v2)")).isEqualTo("my-etl-v2");
    assertThat(JavaNames.artifactId("---")).isEqualTo("handlers");
    assertThat(JavaNames.className("etl")).isEqualTo("Etl");
    assertThat(JavaNames.className("nightly_jobs")).isEqualTo("NightlyJobs");
    assertThat(JavaNames.flowIdentifier("my-etl")).isEqualTo("my_etl");
    assertThat(JavaNames.flowIdentifier("2024.jobs")).isEqualTo("p_2024_jobs");
  }
}
