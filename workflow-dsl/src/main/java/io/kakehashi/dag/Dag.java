package io.kakehashi.dag;

import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Resources;
import io.kakehashi.workflow.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of a workflow's steps: validation (every problem found is reported, each
 * naming its step) and a topological order. Built in linear time so that million-step
 * workflows validate in about a second.
 */
public final class Dag {
  private final String[] names;
  private final NameIndex index;
  // Edges in both directions as offset arrays: the edges of step i are targets[start[i]..start[i+1]).
  private final int[] upStart;
  private final int[] upTargets;
  private final int[] downStart;
  private final int[] downTargets;
  private final int[] order; // positions, upstream before downstream

  private Dag(String[] names, NameIndex index, int[] upStart, int[] upTargets, int[] downStart, int[] downTargets,
              int[] order) {
    this.names = names;
    this.index = index;
    this.upStart = upStart;
    this.upTargets = upTargets;
    this.downStart = downStart;
    this.downTargets = downTargets;
    this.order = order;
  }

  public List<String> topologicalOrder() {
    return inTopologicalOrder(Arrays.asList(names));
  }

  /** {@code items}, one for each validated step and in the same order, rearranged into topological order. */
  public <T> List<T> inTopologicalOrder(List<T> items) {
    if (items.size() != order.length) {
      throw new IllegalArgumentException(items.size() + " items for " + order.length + " steps");
    }
    Object[] out = new Object[order.length];
    for (int i = 0; i < order.length; i++) out[i] = items.get(order[i]);
    @SuppressWarnings("unchecked")
    List<T> list = (List<T>) Arrays.asList(out);
    return Collections.unmodifiableList(list);
  }

  /** The position of {@code step} in the list of steps that was validated, or -1. */
  public int indexOf(String step) {
    return index.get(step);
  }

  public List<String> upstreamOf(String step) {
    return namesAt(index.get(step), upStart, upTargets);
  }

  public List<String> downstreamOf(String step) {
    return namesAt(index.get(step), downStart, downTargets);
  }

  private List<String> namesAt(int i, int[] start, int[] targets) {
    if (i < 0) return List.of();
    List<String> out = new ArrayList<>(start[i + 1] - start[i]);
    for (int k = start[i]; k < start[i + 1]; k++) out.add(names[targets[k]]);
    return out;
  }

  /** Every step reachable downstream of {@code step}, excluding itself. */
  public Set<String> descendantsOf(String step) {
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(downstreamOf(step));
    while (!todo.isEmpty()) {
      String s = todo.pop();
      if (seen.add(s)) todo.addAll(downstreamOf(s));
    }
    return seen;
  }

  /**
   * Validates the steps and orders them. Works on int indices so that a million steps validate
   * in well under a second and little memory.
   *
   * @throws ValidationException with every problem found
   */
  public static Dag validate(String workflow, List<Step> steps) {
    List<Problem> problems = new ArrayList<>();
    int n = steps.size();
    String[] names = new String[n];
    NameIndex index = new NameIndex(names);
    int count = 0;
    Step[] kept = new Step[n];
    for (Step s : steps) {
      if (!validName(s.name())) {
        problems.add(new Problem(s.name(), "invalid name: use letters, digits, '_', '.', '-' (at most 128), starting with a letter or digit"));
      }
      names[count] = s.name();
      if (!index.add(count)) {
        problems.add(new Problem(s.name(), "duplicate step name"));
        names[count] = null;
        continue;
      }
      kept[count++] = s;
    }
    if (steps.isEmpty()) problems.add(new Problem(null, "workflow has no steps"));

    int[] upStart = new int[count + 1];
    int[] upTargets = new int[Math.max(16, count * 2)];
    int[] downCount = new int[count + 1];
    for (int i = 0; i < count; i++) {
      Step s = kept[i];
      int k = upStart[i];
      boolean missing = false;
      for (String name : s.upstream()) {
        int j = index.get(name);
        if (j < 0) {
          missing = true;
          continue;
        }
        if (k == upTargets.length) upTargets = Arrays.copyOf(upTargets, k * 2);
        upTargets[k++] = j;
        downCount[j]++;
      }
      upStart[i + 1] = k;
      checkStep(s, index, kept, missing, problems);
    }
    int[] downStart = new int[count + 1];
    for (int i = 0; i < count; i++) downStart[i + 1] = downStart[i] + downCount[i];
    int[] fill = Arrays.copyOf(downStart, count);
    int[] downTargets = new int[downStart[count]];
    for (int i = 0; i < count; i++) {
      for (int k = upStart[i]; k < upStart[i + 1]; k++) downTargets[fill[upTargets[k]]++] = i;
    }

    // Kahn's algorithm; whatever is left over sits on or behind a cycle.
    int[] indegree = new int[count];
    int[] queue = new int[count];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < count; i++) {
      indegree[i] = upStart[i + 1] - upStart[i];
      if (indegree[i] == 0) queue[tail++] = i;
    }
    while (head < tail) {
      int s = queue[head++];
      for (int k = downStart[s]; k < downStart[s + 1]; k++) {
        int d = downTargets[k];
        if (--indegree[d] == 0) queue[tail++] = d;
      }
    }
    if (tail < count) {
      problems.add(new Problem(null, "cycle: " + String.join(" -> ", findCycle(names, upStart, upTargets, indegree))));
    }
    if (!problems.isEmpty()) throw new ValidationException(workflow, problems);
    return new Dag(names, index, upStart, Arrays.copyOf(upTargets, upStart[count]), downStart, downTargets, queue);
  }

  /**
   * Step name to position in {@code names}, by open addressing over an int table: no boxed entry
   * per step, which is most of the memory a million-step map would take.
   */
  private static final class NameIndex {
    private final String[] names;
    private final int[] slots; // position + 1; 0 is empty

    NameIndex(String[] names) {
      this.names = names;
      this.slots = new int[Math.max(16, Integer.highestOneBit(Math.max(1, names.length) * 2 - 1) << 1)];
    }

    /** Adds {@code names[position]}; false if that name is already present. */
    boolean add(int position) {
      String name = names[position];
      int mask = slots.length - 1;
      for (int i = spread(name.hashCode()) & mask; ; i = (i + 1) & mask) {
        if (slots[i] == 0) {
          slots[i] = position + 1;
          return true;
        }
        if (names[slots[i] - 1].equals(name)) return false;
      }
    }

    int get(String name) {
      int mask = slots.length - 1;
      for (int i = spread(name.hashCode()) & mask; slots[i] != 0; i = (i + 1) & mask) {
        if (names[slots[i] - 1].equals(name)) return slots[i] - 1;
      }
      return -1;
    }

    private static int spread(int h) {
      return (h ^ (h >>> 16)) * 0x9E3779B9;
    }
  }

  private static boolean validName(String name) {
    int n = name.length();
    if (n == 0 || n > 128) return false;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) return false;
    }
    return true;
  }

  /** The checks of one step; {@code missing}: some step it waits for does not exist (then say which and why). */
  private static void checkStep(Step s, NameIndex index, Step[] kept, boolean missing, List<Problem> problems) {
    String n = s.name();
    if (s.action() instanceof Action.Mpi m) {
      if (m.ranks() < 1) problems.add(new Problem(n, "MPI ranks must be >= 1, got " + m.ranks()));
      if (m.threadsPerRank() < 1) problems.add(new Problem(n, "threads per rank must be >= 1, got " + m.threadsPerRank()));
    }
    Resources r = s.resources();
    if (r.cores() < 1) problems.add(new Problem(n, "cores must be >= 1, got " + r.cores()));
    if (r.nodes() < 0) problems.add(new Problem(n, "nodes must be >= 0, got " + r.nodes()));
    if (r.memoryMb() < 0) problems.add(new Problem(n, "memory must be >= 0 MiB, got " + r.memoryMb()));
    if (r.gpus() < 0) problems.add(new Problem(n, "GPUs must be >= 0, got " + r.gpus()));
    if (r.walltime().isNegative()) problems.add(new Problem(n, "walltime is negative: " + r.walltime()));
    if (s.timeout().isNegative()) problems.add(new Problem(n, "timeout is negative: " + s.timeout()));
    if (!s.sweep().isDynamic() && s.sweep().points().isEmpty()) {
      problems.add(new Problem(n, "sweep " + s.sweep() + " has no points"));
    }
    for (String out : s.outputs()) {
      if (out.isBlank() || out.startsWith("/") || Arrays.asList(out.split("/")).contains("..")) {
        problems.add(new Problem(n, "output '" + out + "' must be a relative path inside the work dir"));
      }
    }
    boolean templates = false;
    for (String a : s.action().args()) templates |= a.contains("${");
    Set<String> paramNames = s.sweep().isDynamic() || !templates ? null : paramNames(s);
    for (Map.Entry<String, Input> e : s.inputs().entrySet()) {
      Input in = e.getValue();
      int fromIndex = index.get(in.step());
      if (fromIndex < 0) {
        problems.add(new Problem(n, "input '" + e.getKey() + "' reads step '" + in.step() + "', which does not exist"));
        continue;
      }
      Step from = kept[fromIndex];
      if (in.output() != null && !from.outputs().contains(in.output())) {
        problems.add(new Problem(n, "input '" + e.getKey() + "' reads '" + in.output() + "' but step '"
            + in.step() + "' declares only " + from.outputs()));
      }
      if (in.mode() == Input.Mode.AUTO && !s.sweep().isSingle() && !from.sweep().isSingle()
          && !s.sweep().isDynamic() && !from.sweep().isDynamic()
          && s.sweep().points().size() != from.sweep().points().size()) {
        problems.add(new Problem(n, "input '" + e.getKey() + "' is ambiguous: this step has "
            + s.sweep().points().size() + " points and '" + in.step() + "' has " + from.sweep().points().size()
            + "; use Input.gather(...) to read all of them at every point"));
      }
    }
    for (String a : missing ? s.after() : Set.<String>of()) {
      if (index.get(a) < 0) problems.add(new Problem(n, "runs after step '" + a + "', which does not exist"));
    }
    if (missing && s.sweep().isDynamic() && index.get(s.sweep().sourceStep()) < 0) {
      problems.add(new Problem(n, "sweep reads step '" + s.sweep().sourceStep() + "', which does not exist"));
    }
    for (String arg : s.action().args()) checkTemplate(n, arg, s, paramNames, problems);
  }

  private static Set<String> paramNames(Step s) {
    Set<String> names = new HashSet<>();
    for (Params p : s.sweep().points()) names.addAll(p.values().keySet());
    return names;
  }

  private static void checkTemplate(String step, String arg, Step s, Set<String> params, List<Problem> problems) {
    int i = 0;
    while ((i = arg.indexOf("${", i)) >= 0) {
      int end = arg.indexOf('}', i);
      if (end < 0) {
        problems.add(new Problem(step, "unclosed '${' in argument '" + arg + "'"));
        return;
      }
      String ref = arg.substring(i + 2, end);
      if (ref.startsWith("inputs.")) {
        if (!s.inputs().containsKey(ref.substring(7))) {
          problems.add(new Problem(step, "argument '" + arg + "' uses undeclared input '" + ref.substring(7) + "'"));
        }
      } else if (!ref.equals("workdir") && params != null && !params.contains(ref)) {
        problems.add(new Problem(step, "argument '" + arg + "' uses parameter '" + ref + "', which the sweep does not define"));
      }
      i = end + 1;
    }
  }

  private static List<String> findCycle(String[] names, int[] upStart, int[] upTargets, int[] indegree) {
    // Walk upstream among unresolved steps until a step repeats.
    int start = -1;
    for (int i = 0; i < indegree.length; i++) {
      if (indegree[i] > 0) {
        start = i;
        break;
      }
    }
    List<Integer> path = new ArrayList<>();
    Map<Integer, Integer> seenAt = new HashMap<>();
    int cur = start;
    while (cur >= 0 && !seenAt.containsKey(cur)) {
      seenAt.put(cur, path.size());
      path.add(cur);
      int next = -1;
      for (int k = upStart[cur]; k < upStart[cur + 1]; k++) {
        int u = upTargets[k];
        if (indegree[u] > 0) {
          next = u;
          break;
        }
      }
      cur = next;
    }
    List<String> cycle = new ArrayList<>();
    if (cur < 0) {
      for (int i : path) cycle.add(names[i]);
      return cycle;
    }
    for (int i : path.subList(seenAt.get(cur), path.size())) cycle.add(names[i]);
    Collections.reverse(cycle); // walked upstream: reverse to read in data-flow order
    cycle.add(cycle.get(0));
    return cycle;
  }
}
