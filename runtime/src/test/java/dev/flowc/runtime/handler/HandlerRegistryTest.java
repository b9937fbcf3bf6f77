package dev.flowc.runtime.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.guice.HandlerBinder;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerRegistryTest {

  /** A dependency Guice injects into a handler. */
  static final class Greeting {
    String text() {
      return "hello";
    }
  }

  record Input(String name, int times) {}

  /** A handler with a typed input and an injected dependency. */
  public static final class Greet implements Handler<Input, String> {
    private final Greeting greeting;

    @Inject
    Greet(Greeting greeting) {
      this.greeting = greeting;
    }

    @Override
    public String handle(Input input, JobContext context) {
      return greeting.text() + " " + input.name();
    }
  }

  static final class NotAHandler {}

  private final HandlerRegistry registry =
      HandlerRegistry.create(
          getClass().getClassLoader(),
          List.of(
              new AbstractModule() {
                @Override
                protected void configure() {
                  HandlerBinder.of(binder()).bind("test.greet", Greet.class);
                }
              }));

  @Test
  void a_bound_name_resolves_with_its_input_type_and_injected_dependencies() throws Exception {
    ResolvedHandler greet = registry.resolve("test.greet");
    assertThat(greet.inputType().getRawClass()).isEqualTo(Input.class);
    assertThat(greet.resultType().getRawClass()).isEqualTo(String.class);
    assertThat(greet.handler().handle(new Input("ada", 1), null)).isEqualTo("hello ada");
  }

  @Test
  void builtins_are_always_bound() {
    assertThat(registry.boundNames())
        .contains("builtin.noop", "builtin.echo", "builtin.sleep", "builtin.fail", "test.greet");
    assertThat(registry.resolve("builtin.echo").inputType().getRawClass())
        .isEqualTo(JsonNode.class);
  }

  @Test
  void a_class_name_resolves_to_a_handler_made_by_guice() {
    ResolvedHandler byClass = registry.resolve(Greet.class.getName());
    assertThat(byClass.handler()).isInstanceOf(Greet.class);
  }

  @Test
  void an_unknown_name_says_so() {
    assertThatThrownBy(() -> registry.resolve("etl.missing"))
        .isInstanceOf(UnknownHandlerException.class)
        .hasMessage(
            "no handler is bound under 'etl.missing' and no class of that name is on the classpath");
  }

  @Test
  void a_class_that_is_not_a_handler_says_so() {
    assertThatThrownBy(() -> registry.resolve(NotAHandler.class.getName()))
        .isInstanceOf(UnknownHandlerException.class)
        .hasMessage(
            "class '%s' does not implement dev.flowc.runtime.Handler", NotAHandler.class.getName());
  }

  @Test
  void a_missing_classpath_entry_or_module_is_a_load_error() {
    assertThatThrownBy(
            () -> HandlerClasspath.load(List.of(java.nio.file.Path.of("/no/such.jar")), List.of()))
        .isInstanceOf(HandlerLoadException.class)
        .hasMessage("classpath entry '/no/such.jar' does not exist");
    assertThatThrownBy(() -> HandlerClasspath.load(List.of(), List.of("com.example.Missing")))
        .isInstanceOf(HandlerLoadException.class)
        .hasMessage("module class 'com.example.Missing' is not on the classpath");
  }
}
