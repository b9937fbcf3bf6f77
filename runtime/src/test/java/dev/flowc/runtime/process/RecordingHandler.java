package dev.flowc.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.flowc.runtime.Handler;
import dev.flowc.runtime.JobContext;
import dev.flowc.runtime.guice.HandlerBinder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code test.record}: appends the job's id and a newline to this process's execution log, one
 * write per execution (unbuffered), so the log tells how often each job ran even if the process
 * dies.
 */
final class RecordingHandler implements Handler<JsonNode, Void> {
  static final String NAME = "test.record";

  private final FileChannel log;

  @Inject
  RecordingHandler(@Named("executions") Path log) throws IOException {
    this.log =
        FileChannel.open(
            log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  @Override
  public Void handle(JsonNode input, JobContext context) throws IOException {
    ByteBuffer line = ByteBuffer.wrap((context.jobId() + "\n").getBytes(UTF_8));
    synchronized (log) {
      while (line.hasRemaining()) {
        log.write(line);
      }
    }
    return null;
  }

  /** Binds {@code test.record}, writing to {@code log}. */
  static final class Module extends AbstractModule {
    private final Path log;

    Module(Path log) {
      this.log = log;
    }

    @Override
    protected void configure() {
      bind(Path.class).annotatedWith(Names.named("executions")).toInstance(log);
      HandlerBinder.of(binder()).bind(NAME, RecordingHandler.class);
    }
  }
}
