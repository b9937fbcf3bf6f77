package dev.flowc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowc check --classpath/-cp} and {@code --module} through the command line, with handler
 * classes compiled at test time into a directory and a jar that flowc's own classpath does not
 * have.
 */
class CheckClasspathTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SHOP_MODULE =
      """
      package com.example.shop;

      import com.google.inject.AbstractModule;
      import dev.flowc.runtime.Handler;
      import dev.flowc.runtime.JobContext;
      import dev.flowc.runtime.guice.HandlerBinder;
      import java.util.List;

      public final class ShopModule extends AbstractModule {
        public record Order(String customer, int quantity, List<String> items) {}

        public static final class PlaceOrder implements Handler<Order, Void> {
          @Override
          public Void handle(Order order, JobContext context) {
            return null;
          }
        }

        @Override
        protected void configure() {
          HandlerBinder.of(binder()).bind("shop.place-order", PlaceOrder.class);
        }
      }
      """;

  private static final String REFUND =
      """
      package com.example.shop;

      import dev.flowc.runtime.Handler;
      import dev.flowc.runtime.JobContext;

      public final class Refund implements Handler<Refund.Input, Void> {
        public record Input(String order, double amount) {}

        @Override
        public Void handle(Input input, JobContext context) {
          return null;
        }
      }
      """;

  private static final String NOT_A_MODULE =
      """
      package com.example.shop;

      public final class Inventory {}
      """;

  private static final String BROKEN_MODULE =
      """
      package com.example.shop;

      import com.fasterxml.jackson.databind.JsonNode;
      import com.google.inject.AbstractModule;
      import com.google.inject.Inject;
      import dev.flowc.runtime.Handler;
      import dev.flowc.runtime.JobContext;
      import dev.flowc.runtime.guice.HandlerBinder;

      public final class BrokenModule extends AbstractModule {
        public interface Mailer {}

        public static final class Notify implements Handler<JsonNode, Void> {
          @Inject
          Notify(Mailer mailer) {}

          @Override
          public Void handle(JsonNode input, JobContext context) {
            return null;
          }
        }

        @Override
        protected void configure() {
          HandlerBinder.of(binder()).bind("shop.notify", Notify.class);
        }
      }
      """;

  private static final String PIPELINE =
      """
      pipeline shop {
        stage order {
          handler "shop.place-ordr"
          input { customer: "c-1", quantity: 2 }
        }
        stage refund {
          handler "com.example.shop.Refund"
          input { order: "o-1", amount: "lots", reason: "late" }
        }
      }
      """;

  @TempDir static Path dir;

  private static Path classes;
  private static Path lib;

  @BeforeAll
  static void compileHandlers() {
    classes =
        JavaClasses.compile(
            dir.resolve("classes"), List.of(SHOP_MODULE, REFUND, NOT_A_MODULE, BROKEN_MODULE));
    lib = dir.resolve("lib");
    JavaClasses.jar(
        classes,
        Map.of("META-INF/services/com.google.inject.Module", "com.example.shop.ShopModule\n"),
        lib.resolve("shop.jar"));
  }

  @Test
  void handlers_and_inputs_are_checked_against_the_classpath_at_exact_positions() {
    String file = FlowcRun.write(dir, "shop.flow", PIPELINE);

    FlowcRun run =
        FlowcRun.of(
            "check", "-cp", classes.toString(), "--module", "com.example.shop.ShopModule", file);

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            """
            FILE:3:13: error[FLOW501]: no handler is bound under 'shop.place-ordr' and no class \
            of that name is on the classpath
            3 |     handler "shop.place-ordr"
              |             ^~~~~~~~~~~~~~~~~
              = help: did you mean 'shop.place-order'?

            FILE:8:35: error[FLOW504]: 'amount' in the input of 'com.example.shop.Refund' takes \
            a number, not a string
            8 |     input { order: "o-1", amount: "lots", reason: "late" }
              |                                   ^~~~~~

            FILE:8:43: error[FLOW502]: unknown field 'reason' in the input of \
            'com.example.shop.Refund'
            8 |     input { order: "o-1", amount: "lots", reason: "late" }
              |                                           ^~~~~~
              = help: the input of 'com.example.shop.Refund' has the fields: order (string), \
            amount (number, required)

            3 errors, 0 warnings in 1 file
            """
                .replace("FILE", file));
  }

  @Test
  void handlers_are_checked_the_same_in_a_pipeline_with_schedules_and_a_rated_queue() {
    String file =
        FlowcRun.write(
            dir,
            "scheduled.flow",
            PIPELINE
                .replace(
                    "pipeline shop {",
                    "pipeline shop {\n"
                        + "  schedule nightly { cron \"0 2 * * *\" timezone \"Europe/Berlin\" }\n"
                        + "  queue orders { rate 5/s }")
                .replace(
                    "handler \"shop.place-ordr\"", "handler \"shop.place-ordr\" queue orders"));

    FlowcRun run =
        FlowcRun.of(
            "check", "-cp", classes.toString(), "--module", "com.example.shop.ShopModule", file);

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "FILE:5:13: error[FLOW501]: no handler is bound under 'shop.place-ordr'"
                .replace("FILE", file))
        .contains("error[FLOW504]: 'amount' in the input of 'com.example.shop.Refund'")
        .contains("error[FLOW502]: unknown field 'reason'")
        .endsWith("3 errors, 0 warnings in 1 file\n");
  }

  @Test
  void a_module_declared_as_a_service_in_a_jar_is_found_through_a_wildcard_entry() {
    String file =
        FlowcRun.write(
            dir,
            "order.flow",
            """
            pipeline p {
              stage order { handler "shop.place-order" input { customer: "c", quantity: "two" } }
            }
            """);

    FlowcRun run = FlowcRun.of("check", "--classpath", lib + File.separator + "*", file);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .startsWith(
            file
                + ":2:77: error[FLOW504]: 'quantity' in the input of 'shop.place-order' takes an"
                + " integer, not a string\n");
  }

  @Test
  void a_valid_pipeline_passes_and_a_class_name_handler_loads_from_the_classpath() {
    String file =
        FlowcRun.write(
            dir,
            "ok.flow",
            """
            pipeline p {
              stage order { handler "shop.place-order" input { customer: "c", quantity: 1, items: ["a"] } }
              stage refund { handler "com.example.shop.Refund" input { order: "o", amount: 9.5 } }
              stage wait { handler builtin.sleep input { ms: 10 } }
            }
            """);

    FlowcRun run =
        FlowcRun.of(
            "check",
            "-cp",
            classes + File.pathSeparator + lib.resolve("shop.jar"),
            "--module",
            "com.example.shop.ShopModule",
            file);

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("0 errors, 0 warnings in 1 file\n");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void without_a_classpath_handlers_are_not_checked() {
    String file = FlowcRun.write(dir, "unchecked.flow", PIPELINE);

    assertThat(FlowcRun.of("check", file).out()).isEqualTo("0 errors, 0 warnings in 1 file\n");
  }

  @Test
  void built_in_handlers_are_checked_with_any_classpath() {
    String file =
        FlowcRun.write(
            dir,
            "sleep.flow",
            "pipeline p {\n  stage nap { handler builtin.sleep input { ms: \"x\" } }\n}\n");

    FlowcRun run = FlowcRun.of("check", "-cp", dir.toString(), file);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .startsWith(
            file
                + ":2:49: error[FLOW504]: 'ms' in the input of 'builtin.sleep' takes an integer,"
                + " not a string\n");
  }

  @Test
  void a_module_on_flowc_s_own_classpath_works_without_a_classpath() {
    String file =
        FlowcRun.write(dir, "own.flow", "pipeline p {\n  stage a { handler \"etl.lod\" }\n}\n");

    FlowcRun run =
        FlowcRun.of("check", "--module", "dev.flowc.cli.verify.TestHandlersModule", file);

    assertThat(run.out()).contains("= help: did you mean 'etl.load'?");
  }

  @Test
  void compiler_and_handler_diagnostics_are_merged_in_source_order() {
    String file =
        FlowcRun.write(
            dir,
            "merged.flow",
            """
            pipeline p {
              stage a { handler "nope" queue missing }
              stage b { handler builtin.sleep input { ms: true } after_all 1 }
            }
            """);

    FlowcRun run = FlowcRun.of("check", "-cp", dir.toString(), "--format", "github", file);

    assertThat(run.out().lines().map(l -> l.substring(0, l.lastIndexOf("::"))).toList())
        .containsExactly(
            "::error file=%s,line=2,col=21,endLine=2,endColumn=27,title=FLOW501".formatted(file),
            "::error file=%s,line=2,col=34,endLine=2,endColumn=41,title=FLOW202".formatted(file),
            "::error file=%s,line=3,col=47,endLine=3,endColumn=51,title=FLOW504".formatted(file),
            "::error file=%s,line=3,col=54,endLine=3,endColumn=63,title=FLOW204".formatted(file));
  }

  @Test
  void json_and_sarif_carry_the_handler_codes() throws Exception {
    String file = FlowcRun.write(dir, "formats.flow", PIPELINE);
    String[] cp = {"-cp", classes.toString(), "--module", "com.example.shop.ShopModule"};

    JsonNode json = JSON.readTree(run(cp, "--format", "json", file).out());
    JsonNode sarif = JSON.readTree(run(cp, "--format", "sarif", file).out());

    assertThat(json.get("diagnostics").findValuesAsText("code"))
        .containsExactly("FLOW501", "FLOW504", "FLOW502");
    assertThat(sarif.at("/runs/0/results").findValuesAsText("ruleId"))
        .containsExactly("FLOW501", "FLOW504", "FLOW502");
    assertThat(sarif.at("/runs/0/tool/driver/rules").findValuesAsText("id"))
        .contains("FLOW501", "FLOW502", "FLOW503", "FLOW504");
  }

  @Test
  void a_missing_classpath_entry_is_one_line_and_exit_2() {
    String file = FlowcRun.write(dir, "any.flow", PIPELINE);
    String missing = dir.resolve("build/classes").toString();

    FlowcRun run = FlowcRun.of("check", "-cp", missing, file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "flowc: cannot load handlers: classpath entry '" + missing + "' does not exist\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void with_debug_a_classpath_problem_shows_its_stack_trace() {
    String file = FlowcRun.write(dir, "any.flow", PIPELINE);

    FlowcRun run = FlowcRun.of("--debug", "check", "-cp", dir.resolve("nope").toString(), file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("HandlerLoadException").contains("\tat ");
  }

  @Test
  void module_problems_are_one_line_and_exit_2() {
    String file = FlowcRun.write(dir, "any.flow", PIPELINE);
    String cp = classes.toString();

    assertThat(FlowcRun.of("check", "-cp", cp, "--module", "com.example.shop.Missing", file))
        .satisfies(
            run -> {
              assertThat(run.exitCode()).isEqualTo(2);
              assertThat(run.err())
                  .isEqualTo(
                      "flowc: cannot load handlers: module class 'com.example.shop.Missing' is not on"
                          + " the classpath\n");
            });
    assertThat(FlowcRun.of("check", "-cp", cp, "--module", "com.example.shop.Inventory", file))
        .satisfies(
            run -> {
              assertThat(run.exitCode()).isEqualTo(2);
              assertThat(run.err())
                  .isEqualTo(
                      "flowc: cannot load handlers: class 'com.example.shop.Inventory' is not a Guice"
                          + " module"
                          + " (com.google.inject.Module)\n");
            });
    assertThat(FlowcRun.of("check", "-cp", cp, "--module", "com.example.shop.BrokenModule", file))
        .satisfies(
            run -> {
              assertThat(run.exitCode()).isEqualTo(2);
              assertThat(run.err())
                  .startsWith("flowc: cannot load handlers: the Guice modules do not configure: ")
                  .contains("Mailer")
                  .doesNotContain("\tat ")
                  .hasLineCount(1);
              assertThat(run.out()).isEmpty();
            });
  }

  @Test
  void a_module_service_whose_constructor_throws_is_named_with_what_it_threw() {
    Path failing =
        JavaClasses.compile(
            dir.resolve("failing-classes"),
            List.of(
                """
                package com.example.failing;

                public final class FailingModule extends com.google.inject.AbstractModule {
                  public FailingModule() {
                    throw new IllegalStateException("no credentials");
                  }
                }
                """));
    Path jar =
        JavaClasses.jar(
            failing,
            Map.of(
                "META-INF/services/com.google.inject.Module",
                "com.example.failing.FailingModule\n"),
            dir.resolve("failing/failing.jar"));
    String file = FlowcRun.write(dir, "any.flow", PIPELINE);

    FlowcRun run = FlowcRun.of("check", "-cp", jar.toString(), file);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "flowc: cannot load handlers: module 'com.example.failing.FailingModule' failed in its"
                + " constructor: IllegalStateException: no credentials\n");
  }

  private static FlowcRun run(String[] options, String... args) {
    String[] all = new String[options.length + args.length + 1];
    all[0] = "check";
    System.arraycopy(options, 0, all, 1, options.length);
    System.arraycopy(args, 0, all, 1 + options.length, args.length);
    return FlowcRun.of(all);
  }
}
