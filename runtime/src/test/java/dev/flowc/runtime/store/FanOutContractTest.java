package dev.flowc.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.flowc.dag.Each;
import dev.flowc.dag.JobSpec;
import dev.flowc.dag.Plan;
import dev.flowc.dag.QueueSpec;
import dev.flowc.dag.ResultRefs;
import dev.flowc.dag.Values;
import dev.flowc.dag.WhenTree;
import dev.flowc.runtime.JobError;
import dev.flowc.runtime.JobState;
import dev.flowc.runtime.JobSummary;
import dev.flowc.runtime.JobView;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.RunView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} guarantees for pipelines of language version 2 (docs/runtime.md):
 * fan-out into items, conditions, skips and their propagation, dependencies read for their state,
 * run values. Plans are built in Java with the IR's model; each backend subclasses it with a real
 * store.
 */
public abstract class FanOutContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-12-07T04:00:00Z");

  private final Clock clock = Clock.fixed(START, ZoneOffset.UTC);
  private JobStore store;

  /** A new, empty store of the backend under test, on {@code clock}. */
  protected abstract JobStore openStore(Clock clock) throws Exception;

  @BeforeEach
  void openIt() throws Exception {
    store = openStore(clock);
  }

  @AfterEach
  void closeIt() {
    store.close();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JobSpec.Builder job(String stage, String... after) {
    return JobSpec.builder(stage, "builtin.noop").retries(0).dependsOn(after);
  }

  private static JsonNode result(String stage, Object... path) {
    return ResultRefs.result(stage, Arrays.asList(path));
  }

  private static JsonNode item(Object... path) {
    return Values.item(Arrays.asList(path));
  }

  private RunView submit(JobSpec.Builder... jobs) {
    List<JobSpec> specs = Arrays.stream(jobs).map(JobSpec.Builder::build).toList();
    Plan plan =
        new Plan("v2", null, null, Map.of(), List.of(new QueueSpec("default", null)), specs);
    return store.createRun(new NewRun(plan, null));
  }

  private List<ClaimedJob> claim(int limit) {
    return store.claim(
        new ClaimRequest(
            "w",
            Set.of(),
            Set.of(),
            null,
            limit,
            clock.instant(),
            clock.instant().plusSeconds(30)));
  }

  private ClaimedJob claimStage(String stage) {
    List<ClaimedJob> claimed = claim(1);
    assertThat(claimed).extracting(ClaimedJob::stage).containsExactly(stage);
    return claimed.get(0);
  }

  private void complete(ClaimedJob job, String result) throws Exception {
    assertThat(store.complete(job.lease(), json(result)).get()).isTrue();
  }

  private void die(ClaimedJob job) throws Exception {
    JobError error =
        new JobError(job.attempt(), "java.io.IOException", "disk", null, clock.instant(), "w");
    assertThat(store.fail(job.lease(), error, null).get()).isTrue();
  }

  private JobSummary stage(RunView run, String stage) {
    return store.runStages(run.id()).stream()
        .filter(j -> j.stage().equals(stage))
        .findFirst()
        .orElseThrow();
  }

  private JobView view(RunView run, String stage) {
    return store.job(stage(run, stage).id()).orElseThrow();
  }

  /** A JSON object of the keys and values given in turn. */
  private static JsonNode object(Object... entries) {
    com.fasterxml.jackson.databind.node.ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < entries.length; i += 2) {
      Object value = entries[i + 1];
      node.set((String) entries[i], value instanceof JsonNode n ? n : JSON.valueToTree(value));
    }
    return node;
  }

  private RunView fanOut(String list, int maxItems) throws Exception {
    RunView run =
        submit(
            job("list"),
            job("normalize", "list")
                .each(new Each(result("list", "files"), "file", "i", maxItems))
                .input(object("path", item("path"), "at", Values.index(), "schema", "v2")),
            job("load", "normalize"));
    complete(claimStage("list"), "{'files': " + list + "}");
    return run;
  }

  private RunView fanOut(String list) throws Exception {
    return fanOut(list, Each.DEFAULT_MAX_ITEMS);
  }

  @Test
  void a_fanned_out_stage_makes_one_item_per_element_when_its_dependency_completes()
      throws Exception {
    RunView run = fanOut("[{'path': 'a.json'}, {'path': 'b.json'}, {'path': 'c.json'}]");

    JobSummary normalize = stage(run, "normalize");
    assertThat(normalize.state()).isEqualTo(JobState.RUNNING);
    assertThat(normalize.items()).isEqualTo(3);
    List<JobSummary> items = store.items(normalize.id());
    assertThat(items)
        .extracting(JobSummary::itemIndex, JobSummary::state, JobSummary::groupId)
        .containsExactly(
            tuple(0, JobState.PENDING, normalize.id()),
            tuple(1, JobState.PENDING, normalize.id()),
            tuple(2, JobState.PENDING, normalize.id()));
    JobView second = store.job(items.get(1).id()).orElseThrow();
    assertThat(second.element()).isEqualTo(json("{'path': 'b.json'}"));
    assertThat(second.input()).isEqualTo(json("{'path': 'b.json', 'at': 1, 'schema': 'v2'}"));
    assertThat(second.summary().stage()).isEqualTo("normalize");
    assertThat(store.run(run.id()).orElseThrow().jobs()).isEqualTo(6);

    List<ClaimedJob> claimed = claim(10);
    assertThat(claimed).extracting(ClaimedJob::stage).containsOnly("normalize").hasSize(3);
    assertThat(stage(run, "load").state()).isEqualTo(JobState.BLOCKED);
    assertThat(store.itemStates(run.id()).get(normalize.id()))
        .containsEntry(JobState.RUNNING, 3L)
        .containsEntry(JobState.COMPLETE, 0L);
    assertThat(store.stats().states().get(JobState.RUNNING))
        .as("the stage's own job runs without a worker, and is counted too")
        .isEqualTo(4);
  }

  @Test
  void dependents_see_the_items_results_in_item_order_once_the_last_item_completes()
      throws Exception {
    RunView run = fanOut("[{'path': 'a'}, {'path': 'b'}, {'path': 'c'}]");
    List<ClaimedJob> items = new ArrayList<>(claim(10));
    items.sort((x, y) -> Long.compare(y.id(), x.id()));
    for (ClaimedJob item : items) {
      assertThat(stage(run, "normalize").state()).isEqualTo(JobState.RUNNING);
      complete(item, "{'rows': " + item.id() + "}");
    }
    JobView normalize = view(run, "normalize");
    assertThat(normalize.state()).isEqualTo(JobState.COMPLETE);
    List<Long> ids = items.stream().map(ClaimedJob::id).sorted().toList();
    assertThat(normalize.result())
        .isEqualTo(
            json(
                "[{'rows': %d}, {'rows': %d}, {'rows': %d}]"
                    .formatted(ids.get(0), ids.get(1), ids.get(2))));
    JobSummary load = stage(run, "load");
    assertThat(load.state()).isEqualTo(JobState.PENDING);
    assertThat(store.dependencyResults(load.id())).containsEntry("normalize", normalize.result());
    complete(claimStage("load"), "1");
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
  }

  @Test
  void an_empty_list_completes_the_stage_at_once_with_an_empty_result() throws Exception {
    RunView run = fanOut("[]");
    JobView normalize = view(run, "normalize");
    assertThat(normalize.state()).isEqualTo(JobState.COMPLETE);
    assertThat(normalize.result()).isEqualTo(json("[]"));
    assertThat(store.items(normalize.id())).isEmpty();
    assertThat(stage(run, "load").state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_value_that_is_not_a_list_kills_the_stage_naming_the_reference_and_the_type()
      throws Exception {
    RunView run =
        submit(
            job("list"),
            job("normalize", "list").each(Each.over(result("list", "files"), "file")),
            job("load", "normalize"));
    complete(claimStage("list"), "{'files': {'a': 1}}");

    JobView normalize = view(run, "normalize");
    assertThat(normalize.state()).isEqualTo(JobState.DEAD);
    assertThat(normalize.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.errorClass()).isEqualTo("flowc.FanOutError");
              assertThat(e.message()).contains("list.result.files").contains("a map");
            });
    assertThat(stage(run, "load").state()).isEqualTo(JobState.CANCELLED);
    assertThat(store.deadLetters(5)).extracting(l -> l.jobId()).containsExactly(normalize.id());
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void more_elements_than_max_items_kill_the_stage() throws Exception {
    RunView run = fanOut("[{'path': 'a'}, {'path': 'b'}, {'path': 'c'}]", 2);
    JobView normalize = view(run, "normalize");
    assertThat(normalize.state()).isEqualTo(JobState.DEAD);
    assertThat(normalize.errors().get(0).message()).contains("3 elements").contains("max_items 2");
    assertThat(store.items(normalize.id())).isEmpty();
    assertThat(stage(run, "load").state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void an_item_that_dies_kills_the_stage_when_the_others_end_and_its_replay_resumes_both()
      throws Exception {
    RunView run = fanOut("[{'path': 'a'}, {'path': 'b'}]");
    List<ClaimedJob> items = claim(10);
    die(items.get(0));
    assertThat(stage(run, "normalize").state())
        .as("the other item still runs to the end")
        .isEqualTo(JobState.RUNNING);
    complete(items.get(1), "2");
    assertThat(stage(run, "normalize").state()).isEqualTo(JobState.DEAD);
    assertThat(stage(run, "load").state()).isEqualTo(JobState.CANCELLED);
    assertThat(stage(run, "normalize").lastError()).contains("item 0").contains("is dead");
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);

    assertThat(store.replay(items.get(0).id())).isEqualTo(1);
    assertThat(stage(run, "normalize").state()).isEqualTo(JobState.RUNNING);
    assertThat(stage(run, "load").state()).isEqualTo(JobState.BLOCKED);
    complete(claimStage("normalize"), "1");
    assertThat(view(run, "normalize").result()).isEqualTo(json("[1, 2]"));
    assertThat(stage(run, "load").state()).isEqualTo(JobState.PENDING);
    complete(claimStage("load"), "null");
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
  }

  @Test
  void replaying_a_stage_dead_of_its_items_replays_them() throws Exception {
    RunView run = fanOut("[{'path': 'a'}, {'path': 'b'}]");
    for (ClaimedJob item : claim(10)) {
      die(item);
    }
    assertThat(stage(run, "normalize").state()).isEqualTo(JobState.DEAD);
    store.replay(stage(run, "normalize").id());
    assertThat(store.items(stage(run, "normalize").id()))
        .extracting(JobSummary::state)
        .containsExactly(JobState.PENDING, JobState.PENDING);
    assertThat(stage(run, "load").state()).isEqualTo(JobState.BLOCKED);
  }

  @Test
  void cancelling_the_stage_cancels_its_items_and_its_dependents() throws Exception {
    RunView run = fanOut("[{'path': 'a'}, {'path': 'b'}]");
    ClaimedJob running = claim(1).get(0);
    assertThat(store.cancelJob(stage(run, "normalize").id())).isTrue();

    assertThat(stage(run, "normalize").state()).isEqualTo(JobState.CANCELLED);
    assertThat(stage(run, "load").state()).isEqualTo(JobState.CANCELLED);
    assertThat(store.items(stage(run, "normalize").id()))
        .extracting(JobSummary::state)
        .containsExactlyInAnyOrder(JobState.RUNNING, JobState.CANCELLED);
    assertThat(store.heartbeat("w", List.of(running.lease()), clock.instant().plusSeconds(30)))
        .as("the running item is asked to stop")
        .containsExactly(running.id());
    assertThat(store.finishCancelled(running.lease()).get()).isTrue();
    assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void a_literal_list_makes_the_items_when_the_run_is_stored_with_the_index_filled_in() {
    RunView run =
        submit(
            job("report")
                .each(new Each(json("['eu', 'us']"), "region", "i", 10))
                .input(object("region", item(), "index", Values.index())));
    List<JobSummary> items = store.items(stage(run, "report").id());
    assertThat(items).hasSize(2);
    assertThat(store.job(items.get(1).id()).orElseThrow().input())
        .isEqualTo(json("{'region': 'us', 'index': 1}"));
  }

  @Test
  void a_true_when_lets_the_job_run_and_a_false_one_skips_it_and_its_dependents() throws Exception {
    JsonNode positive = WhenTree.op(">", result("extract", "count"), json("0"));
    JsonNode negative = WhenTree.op("<", result("extract", "count"), json("0"));
    RunView run =
        submit(
            job("extract"),
            job("load", "extract").when(positive),
            job("purge", "extract").when(negative),
            job("report", "purge"),
            job("audit", "report"));
    complete(claimStage("extract"), "{'count': 3}");

    JobView load = view(run, "load");
    assertThat(load.state()).isEqualTo(JobState.PENDING);
    assertThat(load.whenOutcome()).isEqualTo("ran");
    JobView purge = view(run, "purge");
    assertThat(purge.state()).isEqualTo(JobState.SKIPPED);
    assertThat(purge.whenOutcome()).isEqualTo("skipped");
    assertThat(purge.summary().skipReason()).contains("when").contains("extract.result.count");
    assertThat(purge.result()).isNull();
    assertThat(stage(run, "report").state()).isEqualTo(JobState.SKIPPED);
    assertThat(stage(run, "report").skipReason()).contains("'purge'");
    assertThat(stage(run, "audit").state()).isEqualTo(JobState.SKIPPED);
    assertThat(store.stats().states().get(JobState.SKIPPED)).isEqualTo(3);

    complete(claimStage("load"), "null");
    RunView done = store.run(run.id()).orElseThrow();
    assertThat(done.status()).as("complete or skipped jobs only").isEqualTo(RunStatus.COMPLETE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.replay(purge.id()))
        .as("replay never touches a skipped job")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_when_that_cannot_be_evaluated_kills_the_job_with_a_when_error_without_retries()
      throws Exception {
    JsonNode broken = WhenTree.op(">", result("extract", "missing"), json("0"));
    RunView run =
        submit(
            job("extract"), job("load", "extract").retries(3).when(broken), job("after", "load"));
    complete(claimStage("extract"), "{'count': 3}");

    JobView load = view(run, "load");
    assertThat(load.state()).isEqualTo(JobState.DEAD);
    assertThat(load.summary().attempts()).isZero();
    assertThat(load.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.errorClass()).isEqualTo("flowc.WhenError");
              assertThat(e.message()).contains("missing");
            });
    assertThat(stage(run, "after").state()).isEqualTo(JobState.CANCELLED);
    assertThat(store.deadLetters(5)).hasSize(1);
  }

  @Test
  void a_cleanup_stage_reading_the_state_runs_after_a_dead_dependency_and_sees_it()
      throws Exception {
    JsonNode notComplete = WhenTree.op("!=", Values.state("load"), json("'complete'"));
    RunView run =
        submit(
            job("load"),
            job("after", "load"),
            job("alert", "load").when(notComplete).waitsForFinal("load"),
            job("fine", "load")
                .when(WhenTree.op("==", Values.state("load"), json("'complete'")))
                .waitsForFinal("load"));
    die(claimStage("load"));

    assertThat(stage(run, "after").state()).isEqualTo(JobState.CANCELLED);
    assertThat(stage(run, "alert").state()).isEqualTo(JobState.PENDING);
    assertThat(stage(run, "fine").state()).isEqualTo(JobState.SKIPPED);
    assertThat(store.dependencyResults(stage(run, "alert").id()).get("load"))
        .as("no result to read from a dead dependency")
        .isInstanceOf(MissingNode.class);
    complete(claimStage("alert"), "null");
    assertThat(store.run(run.id()).orElseThrow().status())
        .as("a dead job still fails the run")
        .isEqualTo(RunStatus.FAILED);
  }

  @Test
  void a_cleanup_stage_runs_after_a_dependency_cancelled_by_a_cascade() throws Exception {
    JsonNode cancelled = WhenTree.op("==", Values.state("load"), json("'cancelled'"));
    RunView run =
        submit(
            job("extract"),
            job("load", "extract"),
            job("alert", "load").when(cancelled).waitsForFinal("load"));
    die(claimStage("extract"));
    assertThat(stage(run, "load").state()).isEqualTo(JobState.CANCELLED);
    assertThat(stage(run, "alert").state()).isEqualTo(JobState.PENDING);
    assertThat(view(run, "alert").whenOutcome()).isEqualTo("ran");
  }

  @Test
  void a_dependency_read_for_its_state_that_is_skipped_releases_the_reader() throws Exception {
    RunView run =
        submit(
            job("gate").when(json("false")),
            job("alert", "gate")
                .when(WhenTree.op("==", Values.state("gate"), json("'skipped'")))
                .waitsForFinal("gate"));
    assertThat(stage(run, "gate").state()).isEqualTo(JobState.SKIPPED);
    assertThat(stage(run, "alert").state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void run_values_are_filled_in_when_the_jobs_are_stored() {
    RunView run =
        submit(
            job("a")
                .input(
                    object(
                        "run",
                        Values.run("id"),
                        "pipeline",
                        Values.run("pipeline"),
                        "at",
                        Values.run("submitted_at"),
                        "tick",
                        Values.run("scheduled_at")))
                .metadata(
                    object("label", ResultRefs.format(List.of(json("'run '"), Values.run("id"))))),
            job("b", "a").when(WhenTree.op("==", Values.run("pipeline"), json("'v2'"))));
    JobView a = view(run, "a");
    assertThat(a.input())
        .isEqualTo(
            json(
                "{'run': %d, 'pipeline': 'v2', 'at': '2026-12-07T04:00:00Z', 'tick': null}"
                    .formatted(run.id())));
    assertThat(a.metadata()).isEqualTo(json("{'label': 'run %d'}".formatted(run.id())));
  }

  @Test
  void a_when_reading_the_item_is_evaluated_per_item() throws Exception {
    RunView run =
        submit(
            job("list"),
            job("normalize", "list")
                .each(Each.over(result("list"), "n"))
                .when(WhenTree.op(">", item(), json("1"))),
            job("load", "normalize"));
    complete(claimStage("list"), "[1, 2, 3]");
    List<JobSummary> items = store.items(stage(run, "normalize").id());
    assertThat(items)
        .extracting(JobSummary::state)
        .containsExactly(JobState.SKIPPED, JobState.PENDING, JobState.PENDING);
    complete(claim(1).get(0), "'x'");
    complete(claim(1).get(0), "'y'");
    assertThat(view(run, "normalize").result()).isEqualTo(json("[null, 'x', 'y']"));
    assertThat(stage(run, "load").state()).isEqualTo(JobState.PENDING);
  }
}
