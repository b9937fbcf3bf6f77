package dev.flowc.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachinesSubnetTest {
  @TempDir Path directory;

  @Test
  void a_subnet_held_by_another_jvm_is_not_given_to_this_one() throws Exception {
    try (ChildJvm holder = ChildJvm.start(directory, "holder", Holder.class)) {
      int held = Integer.parseInt(holder.awaitLine("subnet ", Duration.ofSeconds(60)));
      // From the held one on: the first this JVM may take is another.
      assertThat(MachinesSubnet.next(held - 1)).isNotEqualTo(held);
    }
  }

  @Test
  void each_test_of_a_jvm_gets_a_subnet_of_its_own() {
    Set<Integer> subnets = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      subnets.add(MachinesSubnet.next(0));
    }
    assertThat(subnets).hasSize(3).allSatisfy(subnet -> assertThat(subnet).isBetween(1, 250));
  }

  /** Takes a subnet, says which, and holds it until killed. */
  static final class Holder {
    public static void main(String[] args) throws Exception {
      System.out.println("subnet " + MachinesSubnet.next(0));
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }
}
