package dev.flowc.compiler.check;

import dev.flowc.compiler.diagnostic.Diagnostic;
import dev.flowc.compiler.diagnostic.DiagnosticCode;
import dev.flowc.compiler.diagnostic.Note;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FLOW206: stages that depend on each other in a cycle. One diagnostic per group of stages caught
 * in cycles, showing the shortest cycle through the group's first-declared stage, from dependency
 * to dependent: {@code 'a' -> 'b' -> 'c' -> 'a'} means 'b' runs after 'a', and so on.
 */
final class CycleCheck implements Check {
  @Override
  public void run(CheckContext context) {
    StageGraph graph = context.graph();
    for (List<String> component : graph.cycles()) {
      List<StageGraph.Edge> cycle = shortestCycle(graph, component);
      String path =
          cycle.stream().map(e -> "'" + e.dependency() + "'").collect(Collectors.joining(" -> "))
              + " -> '"
              + cycle.get(0).dependency()
              + "'";
      StageGraph.Edge closing = cycle.get(cycle.size() - 1);
      Diagnostic diagnostic =
          Diagnostic.of(
              DiagnosticCode.FLOW206,
              closing.site(),
              "dependency cycle: " + path,
              Note.help("'x' -> 'y' means 'y' runs after 'x'; remove one of these dependencies"));
      for (StageGraph.Edge edge : cycle.subList(0, cycle.size() - 1)) {
        diagnostic =
            diagnostic.withNote(
                Note.note(
                    "'%s' runs after '%s' here".formatted(edge.dependent(), edge.dependency()),
                    edge.site()));
      }
      context.report(diagnostic);
    }
  }

  /** The edges of the shortest cycle through the component's first stage, in order. */
  private static List<StageGraph.Edge> shortestCycle(StageGraph graph, List<String> component) {
    String start = component.get(0);
    Set<String> members = new HashSet<>(component);
    Map<String, StageGraph.Edge> reachedBy = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String stage = queue.poll();
      for (StageGraph.Edge edge : graph.dependents(stage)) {
        String next = edge.dependent();
        if (!members.contains(next) || reachedBy.containsKey(next)) {
          continue;
        }
        reachedBy.put(next, edge);
        if (next.equals(start)) {
          queue.clear();
          break;
        }
        queue.add(next);
      }
    }
    List<StageGraph.Edge> cycle = new ArrayList<>();
    String stage = start;
    do {
      StageGraph.Edge edge = reachedBy.get(stage);
      cycle.add(edge);
      stage = edge.dependency();
    } while (!stage.equals(start));
    Collections.reverse(cycle);
    return cycle;
  }
}
