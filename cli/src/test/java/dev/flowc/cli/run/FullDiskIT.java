package dev.flowc.cli.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowc.cli.FlowcProcessAccess;
import dev.flowc.runtime.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowc run} with its store on a 2 MB tmpfs that the jobs' results fill: one line saying
 * what could not be recorded and how to resume, exit code 3, no log lines or stack traces. Mounting
 * needs root, which CI has; elsewhere the test is skipped with that reason.
 */
class FullDiskIT {
  @TempDir Path dir;

  private Tmpfs disk;
  private Path mount;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    disk = Tmpfs.mount(dir.resolve("small-disk"), "size=2m");
    mount = disk.path();
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void a_run_that_fills_the_disk_stops_with_one_line_and_exit_3() throws Exception {
    Path testClasses =
        Path.of(BigResultHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.writeString(
        dir.resolve("flowc.yaml"),
        "classpath: ['%s']\nmodules: [%s]\n"
            .formatted(testClasses, TestHandlersModule.class.getName()),
        UTF_8);
    StringBuilder flow = new StringBuilder("pipeline big {\n");
    for (int i = 0; i < 16; i++) {
      flow.append("  stage big_%d { handler \"test.big\" }\n".formatted(i));
    }
    flow.append("}\n");
    Files.writeString(dir.resolve("big.flow"), flow, UTF_8);
    String store = mount.resolve("flowc.db").toString();

    FlowcProcessAccess.Outcome run =
        new FlowcProcessAccess(dir).run("run", "big.flow", "--store", store);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    List<String> lines = run.err().lines().toList();
    assertThat(lines.stream().filter(line -> line.contains("disk is full")))
        .as(run.err())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .matches(
                        "flowc: cannot record the outcome of job \\d+ \\(big_\\d+\\): cannot write"
                            + " to store '.*flowc.db': the disk is full; run 1 stopped \\(jobs? [0-9, ]+"
                            + " (is|are) left 'running' until (its|their) leases? expires?\\): once"
                            + " the store can be written again, 'flowc resume 1 --store .*' finishes"
                            + " it"));
    assertThat(lines.get(lines.size() - 1)).contains("disk is full");
    assertThat(run.err()).doesNotContain("WARNING").doesNotContain("\tat ");
  }
}
