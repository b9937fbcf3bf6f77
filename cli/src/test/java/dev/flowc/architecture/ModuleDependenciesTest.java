package dev.flowc.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of the README, checked on the compiled main classes of every module
 * (the cli's test classpath holds them all): dependencies point one way, {@code compiler ->
 * dsl-grammar, dag}, {@code runtime -> dag}, {@code cli -> compiler, runtime}; the runtime never
 * sees the compiler or ANTLR; only the parse façade touches ANTLR; a concrete store is named only
 * where a store is opened. (ArchUnit fails a rule that matched no class, so a module missing from
 * the classpath cannot pass unseen.)
 */
class ModuleDependenciesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The runtime's test-jar (its fixtures, on this classpath for the cli's tests) is
            // test code too, which that option recognizes only as a directory.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.flowc");
  }

  @Test
  void the_dag_depends_on_no_other_module() {
    noClasses()
        .that()
        .resideInAPackage("dev.flowc.dag..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.flowc.grammar..",
            "dev.flowc.compiler..",
            "dev.flowc.runtime..",
            "dev.flowc.cli..",
            "dev.flowc.bench..",
            "org.antlr..")
        .check(classes);
  }

  @Test
  void the_runtime_never_sees_the_compiler_the_grammar_or_antlr() {
    noClasses()
        .that()
        .resideInAPackage("dev.flowc.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.flowc.grammar..",
            "dev.flowc.compiler..",
            "dev.flowc.cli..",
            "dev.flowc.bench..",
            "org.antlr..")
        .check(classes);
  }

  @Test
  void the_compiler_never_sees_the_runtime_or_the_cli() {
    noClasses()
        .that()
        .resideInAPackage("dev.flowc.compiler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.flowc.runtime..", "dev.flowc.cli..", "dev.flowc.bench..")
        .check(classes);
  }

  @Test
  void only_the_parse_facade_touches_antlr_and_the_generated_parser() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.flowc.compiler.parse..", "dev.flowc.grammar..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.flowc.grammar..", "org.antlr..")
        .check(classes);
  }

  @Test
  void the_benchmark_uses_only_the_public_api_of_the_runtime() {
    // What a user's application can call: FlowRuntime and its values, the handler API; never a
    // store, the worker's insides or the store SPI.
    noClasses()
        .that()
        .resideInAPackage("dev.flowc.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.flowc.runtime.store..", "dev.flowc.runtime.worker..", "dev.flowc.runtime.guice..")
        .check(classes);
  }

  @Test
  void a_concrete_store_is_named_only_by_the_store_factory_and_its_own_package() {
    for (String store :
        new String[] {"dev.flowc.runtime.store.sqlite", "dev.flowc.runtime.store.postgres"}) {
      noClasses()
          .that()
          .resideOutsideOfPackage(store + "..")
          .and()
          .doNotHaveFullyQualifiedName("dev.flowc.runtime.store.Stores")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(store + "..")
          .check(classes);
    }
  }
}
