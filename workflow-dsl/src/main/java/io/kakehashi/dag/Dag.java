package io.kakehashi.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The dependency graph of a workflow's steps: validation (every problem found is reported, each
 * naming its step) and a topological order. Built in linear time so that million-step
 * workflows validate in about a second. It knows steps only as names with upstream names; what
 * else makes a step valid is the caller's {@link NodeCheck}, so this package needs nothing of the
 * workflow API that builds on it.
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
   * The checks of one node beyond the graph's own (names, duplicates, cycles), called once per
   * node in the order given, so that problems are listed step by step.
   */
  @FunctionalInterface
  public interface NodeCheck<T> {
    /**
     * @param byName the node of a name, or null when there is none
     * @param missingUpstream whether some upstream name of {@code node} names no node
     */
    void check(T node, Function<String, T> byName, boolean missingUpstream, List<Problem> problems);
  }

  /**
   * Validates the nodes and orders them. Works on int indices so that a million steps validate
   * in well under a second and little memory.
   *
   * @throws ValidationException with every problem found
   */
  public static <T> Dag validate(String workflow, List<T> nodes, Function<T, String> nameOf,
                                 Function<T, ? extends Collection<String>> upstreamOf, NodeCheck<T> check) {
    List<Problem> problems = new ArrayList<>();
    int n = nodes.size();
    String[] names = new String[n];
    NameIndex index = new NameIndex(names);
    int count = 0;
    Object[] kept = new Object[n];
    for (T s : nodes) {
      String name = nameOf.apply(s);
      if (!validName(name)) {
        problems.add(new Problem(name, "invalid name: use letters, digits, '_', '.', '-' (at most 128), starting with a letter or digit"));
      }
      names[count] = name;
      if (!index.add(count)) {
        problems.add(new Problem(name, "duplicate step name"));
        names[count] = null;
        continue;
      }
      kept[count++] = s;
    }
    @SuppressWarnings("unchecked")
    Function<String, T> byName = name -> {
      int i = index.get(name);
      return i < 0 ? null : (T) kept[i];
    };
    if (nodes.isEmpty()) problems.add(new Problem(null, "workflow has no steps"));

    int[] upStart = new int[count + 1];
    int[] upTargets = new int[Math.max(16, count * 2)];
    int[] downCount = new int[count + 1];
    for (int i = 0; i < count; i++) {
      @SuppressWarnings("unchecked")
      T s = (T) kept[i];
      int k = upStart[i];
      boolean missing = false;
      for (String name : upstreamOf.apply(s)) {
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
      check.check(s, byName, missing, problems);
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
