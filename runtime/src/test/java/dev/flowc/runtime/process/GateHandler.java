package dev.flowc.runtime.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.guice.HandlerBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code test.gate}: prints {@code holding JOB} on stdout, waits until this process's gate file
 * exists (at once when it has none; interrupts do not stop it), prints {@code returning JOB} and
 * returns {@code {"by": NAME}}, the name of the process. A test holds jobs in one process with it,
 * and sees afterwards whose outcome was recorded.
 */
final class GateHandler implements Handler<JsonNode, JsonNode> {
  static final String NAME = "test.gate";

  private final String process;
  private final Optional<Path> gate;

  @Inject
  GateHandler(@Named("process") String process, @Named("gate") Optional<Path> gate) {
    this.process = process;
    this.gate = gate;
  }

  @Override
  public JsonNode handle(JsonNode input, JobContext context) {
    say("holding " + context.jobId());
    boolean interrupted = false;
    while (gate.isPresent() && !Files.exists(gate.get())) {
      try {
        Thread.sleep(20); // the gate is a file another process creates: nothing to wait on
      } catch (InterruptedException e) {
        // Held on purpose: a worker that lost the lease must still try to record an outcome.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    say("returning " + context.jobId());
    return JsonNodeFactory.instance.objectNode().put("by", process);
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** Binds {@code test.gate} for process {@code name}, held by {@code gate} when present. */
  static final class Module extends AbstractModule {
    private final String process;
    private final Optional<Path> gate;

    Module(String process, Optional<Path> gate) {
      this.process = process;
      this.gate = gate;
    }

    @Override
    protected void configure() {
      bind(String.class).annotatedWith(Names.named("process")).toInstance(process);
      bind(new com.google.inject.TypeLiteral<Optional<Path>>() {})
          .annotatedWith(Names.named("gate"))
          .toInstance(gate);
      HandlerBinder.of(binder()).bind(NAME, GateHandler.class);
    }
  }
}
