package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.Directive;
import dev.flowc.compiler.ast.Name;
import dev.flowc.compiler.ast.ResultRef;
import dev.flowc.compiler.ast.StageDecl;
import dev.flowc.compiler.ast.StateRef;
import dev.flowc.compiler.ast.ValueDirective;
import dev.flowc.compiler.ast.WhenDirective;
import dev.flowc.compiler.source.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Which stage depends on which: explicit {@code after} edges and implicit edges from {@code
 * STAGE.result} references in {@code input}, a {@code for} list or {@code when}, and from {@code
 * STAGE.state} in {@code when}. Edges to unknown stages and to the stage itself are left out; other
 * checks report them.
 */
public final class StageGraph {
  /**
   * One dependency.
   *
   * @param site where the dependent names the dependency first
   */
  public record Edge(String dependency, String dependent, Span site) {}

  private final PipelineIndex index;
  private final Map<String, List<Edge>> dependencies = new LinkedHashMap<>();
  private final Map<String, List<Edge>> dependents = new LinkedHashMap<>();
  private final Map<String, List<String>> waitsForFinal = new LinkedHashMap<>();

  StageGraph(PipelineIndex index) {
    this.index = index;
    for (String stage : index.stages().keySet()) {
      dependents.put(stage, new ArrayList<>());
    }
    for (StageDecl stage : index.stages().values()) {
      String name = stage.name().text();
      Map<String, Span> deps = new LinkedHashMap<>();
      for (Name after : stage.after()) {
        addEdge(deps, name, after.text(), after.span());
      }
      if (stage.forClause() != null) {
        Values.walk(
            stage.forClause().list(),
            v -> {
              if (v instanceof ResultRef ref) {
                addEdge(deps, name, ref.stage().text(), ref.stage().span());
              }
            });
      }
      Set<String> finals = new LinkedHashSet<>();
      for (Directive directive : stage.directives()) {
        if (directive instanceof ValueDirective value && value.name().text().equals("input")) {
          Values.walk(
              value.value(),
              v -> {
                if (v instanceof ResultRef ref) {
                  addEdge(deps, name, ref.stage().text(), ref.stage().span());
                }
              });
        } else if (directive instanceof WhenDirective when) {
          Values.walk(
              when.condition(),
              v -> {
                if (v instanceof ResultRef ref) {
                  addEdge(deps, name, ref.stage().text(), ref.stage().span());
                } else if (v instanceof StateRef ref) {
                  addEdge(deps, name, ref.stage().text(), ref.stage().span());
                  if (deps.containsKey(ref.stage().text())) {
                    finals.add(ref.stage().text());
                  }
                }
              });
        }
      }
      List<Edge> edges = new ArrayList<>();
      deps.forEach((dep, site) -> edges.add(new Edge(dep, name, site)));
      edges.sort(Comparator.comparingInt(e -> index.stageOrder(e.dependency())));
      dependencies.put(name, List.copyOf(edges));
      List<String> waits = new ArrayList<>();
      for (Edge edge : edges) {
        if (finals.contains(edge.dependency())) {
          waits.add(edge.dependency());
        }
      }
      waitsForFinal.put(name, List.copyOf(waits));
      for (Edge edge : edges) {
        dependents.get(edge.dependency()).add(edge);
      }
    }
  }

  private void addEdge(Map<String, Span> deps, String stage, String dep, Span site) {
    if (!dep.equals(stage) && index.stages().containsKey(dep)) {
      deps.putIfAbsent(dep, site);
    }
  }

  /** The stages {@code stage} depends on, in their declaration order. */
  public List<Edge> dependencies(String stage) {
    return dependencies.getOrDefault(stage, List.of());
  }

  /**
   * The dependencies whose state {@code stage}'s {@code when} reads, in their declaration order:
   * the stage waits for them in any final state instead of being cancelled or skipped with them.
   */
  public List<String> waitsForFinal(String stage) {
    return waitsForFinal.getOrDefault(stage, List.of());
  }

  /** The stages that depend on {@code stage}, in their declaration order. */
  public List<Edge> dependents(String stage) {
    return dependents.getOrDefault(stage, List.of());
  }

  /**
   * The stages in topological order, ties broken by declaration order; stages on or behind a cycle
   * are left out.
   */
  public List<String> topologicalOrder() {
    Map<String, Integer> waiting = new LinkedHashMap<>();
    PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparingInt(index::stageOrder));
    for (String stage : index.stages().keySet()) {
      int count = dependencies(stage).size();
      waiting.put(stage, count);
      if (count == 0) {
        ready.add(stage);
      }
    }
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String stage = ready.poll();
      order.add(stage);
      for (Edge edge : dependents(stage)) {
        if (waiting.merge(edge.dependent(), -1, Integer::sum) == 0) {
          ready.add(edge.dependent());
        }
      }
    }
    return order;
  }

  /**
   * The strongly connected components with more than one stage (Tarjan's algorithm, iterative so
   * that long chains cannot overflow the stack), each listed in declaration order.
   */
  List<List<String>> cycles() {
    List<String> stages = new ArrayList<>(index.stages().keySet());
    Map<String, Integer> number = new LinkedHashMap<>();
    Map<String, Integer> low = new LinkedHashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<List<String>> components = new ArrayList<>();
    for (String root : stages) {
      if (number.containsKey(root)) {
        continue;
      }
      Deque<int[]> frames = new ArrayDeque<>(); // {stage index, next edge}
      Deque<String> names = new ArrayDeque<>();
      visit(root, number, low, stack, onStack);
      frames.push(new int[] {0});
      names.push(root);
      while (!frames.isEmpty()) {
        String stage = names.peek();
        int[] frame = frames.peek();
        List<Edge> out = dependents(stage);
        if (frame[0] < out.size()) {
          String next = out.get(frame[0]++).dependent();
          if (!number.containsKey(next)) {
            visit(next, number, low, stack, onStack);
            frames.push(new int[] {0});
            names.push(next);
          } else if (onStack.contains(next)) {
            low.put(stage, Math.min(low.get(stage), number.get(next)));
          }
          continue;
        }
        frames.pop();
        names.pop();
        if (!names.isEmpty()) {
          String parent = names.peek();
          low.put(parent, Math.min(low.get(parent), low.get(stage)));
        }
        if (low.get(stage).equals(number.get(stage))) {
          List<String> component = new ArrayList<>();
          String member;
          do {
            member = stack.pop();
            onStack.remove(member);
            component.add(member);
          } while (!member.equals(stage));
          if (component.size() > 1) {
            component.sort(Comparator.comparingInt(index::stageOrder));
            components.add(component);
          }
        }
      }
    }
    components.sort(Comparator.comparingInt(c -> index.stageOrder(c.get(0))));
    return components;
  }

  private static void visit(
      String stage,
      Map<String, Integer> number,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack) {
    number.put(stage, number.size());
    low.put(stage, number.get(stage));
    stack.push(stage);
    onStack.add(stage);
  }
}
