package dev.flowc.runtime.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.dag.Backoff;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.ResultRefs;
import dev.flowc.runtime.handler.BuiltinHandlers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan of about 3,000 jobs whose every result is known in advance: {@value #CHAINS} chains of
 * {@value #LENGTH} {@code builtin.echo} jobs, each passing its predecessor's value on through a
 * {@code $result} reference, with a {@code builtin.sleep} of {@value #SLEEP_MS} ms wedged in at
 * every fifth link (so the run takes a few seconds and always has jobs in flight); a fan-in echo
 * per group of ten chains that gathers their last values; and one job that gathers the fan-ins.
 */
final class CrashPlan {
  static final int CHAINS = 60;
  static final int LENGTH = 42;
  static final int GROUP = 10;
  static final long SLEEP_MS = 20;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CrashPlan() {}

  static Plan plan() {
    List<JobSpec> jobs = new ArrayList<>();
    for (int chain = 0; chain < CHAINS; chain++) {
      for (int link = 0; link < LENGTH; link++) {
        ObjectNode input = NODES.objectNode();
        input.set("v", pair(chain, link));
        JobSpec.Builder job = job(echo(chain, link), BuiltinHandlers.ECHO);
        if (link > 0) {
          String previous = echo(chain, link - 1);
          input.set("prev", ResultRefs.result(previous, List.of("v")));
          job.dependsOn(previous);
          if (link % 5 == 4) {
            String sleep = "sleep_" + chain + "_" + link;
            jobs.add(
                job(sleep, BuiltinHandlers.SLEEP)
                    .dependsOn(previous)
                    .input(NODES.objectNode().put("ms", SLEEP_MS))
                    .build());
            job.dependsOn(sleep);
          }
        }
        jobs.add(job.input(input).build());
      }
    }
    List<String> fanIns = new ArrayList<>();
    for (int group = 0; group * GROUP < CHAINS; group++) {
      ObjectNode input = NODES.objectNode().put("group", group);
      ArrayNode ends = input.putArray("ends");
      JobSpec.Builder job = job("fan_in_" + group, BuiltinHandlers.ECHO);
      for (int chain = group * GROUP; chain < Math.min(CHAINS, (group + 1) * GROUP); chain++) {
        String last = echo(chain, LENGTH - 1);
        ends.add(ResultRefs.result(last, List.of("v")));
        job.dependsOn(last);
      }
      jobs.add(job.input(input).build());
      fanIns.add("fan_in_" + group);
    }
    ObjectNode total = NODES.objectNode();
    ArrayNode all = total.putArray("all");
    JobSpec.Builder job = job("total", BuiltinHandlers.ECHO);
    for (String fanIn : fanIns) {
      all.add(ResultRefs.result(fanIn, List.of("ends")));
      job.dependsOn(fanIn);
    }
    jobs.add(job.input(total).build());
    return new Plan("crash", null, null, Map.of(), List.of(QueueSpec.defaultQueue()), jobs);
  }

  /** The result each stage must end with (JSON null for the sleeps). */
  static Map<String, JsonNode> expectedResults() {
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    for (int chain = 0; chain < CHAINS; chain++) {
      for (int link = 0; link < LENGTH; link++) {
        ObjectNode result = NODES.objectNode();
        result.set("v", pair(chain, link));
        if (link > 0) {
          result.set("prev", pair(chain, link - 1));
          if (link % 5 == 4) {
            expected.put("sleep_" + chain + "_" + link, NODES.nullNode());
          }
        }
        expected.put(echo(chain, link), result);
      }
    }
    ArrayNode all = NODES.arrayNode();
    for (int group = 0; group * GROUP < CHAINS; group++) {
      ObjectNode result = NODES.objectNode().put("group", group);
      ArrayNode ends = result.putArray("ends");
      for (int chain = group * GROUP; chain < Math.min(CHAINS, (group + 1) * GROUP); chain++) {
        ends.add(pair(chain, LENGTH - 1));
      }
      expected.put("fan_in_" + group, result);
      all.add(ends);
    }
    expected.put("total", NODES.objectNode().set("all", all));
    return expected;
  }

  private static String echo(int chain, int link) {
    return "echo_" + chain + "_" + link;
  }

  private static ArrayNode pair(int chain, int link) {
    return NODES.arrayNode().add(chain).add(link);
  }

  private static JobSpec.Builder job(String stage, String handler) {
    return JobSpec.builder(stage, handler).retries(0).backoff(Backoff.fixed(10));
  }
}
