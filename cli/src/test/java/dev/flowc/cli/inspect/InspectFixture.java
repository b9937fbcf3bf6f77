package dev.flowc.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcRun;
import java.nio.file.Path;

/** A store with runs made through the real commands, for the inspecting commands' tests. */
final class InspectFixture {
  private final Path dir;

  InspectFixture(Path dir) {
    this.dir = dir;
  }

  String store() {
    return dir.resolve("flowc.db").toString();
  }

  /** Runs {@code flow} to its end; returns the run's summary. */
  FlowcRun run(String flow) {
    String file = FlowcRun.write(dir, "p.flow", flow);
    FlowcRun run = FlowcRun.of("run", file, "--store", store());
    assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
    return run;
  }

  /** Submits {@code flow} without working on it. */
  void submit(String flow) {
    String file = FlowcRun.write(dir, "p.flow", flow);
    FlowcRun submit = FlowcRun.of("submit", file, "--store", store());
    assertThat(submit.exitCode()).as(submit.err()).isZero();
  }

  /** Runs flowc with {@code --store} added. */
  FlowcRun flowc(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = store();
    return FlowcRun.of(all);
  }
}
