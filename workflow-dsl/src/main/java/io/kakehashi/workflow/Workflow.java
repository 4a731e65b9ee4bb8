package io.kakehashi.workflow;

import io.kakehashi.dag.Dag;
import io.kakehashi.dag.ValidationException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, validated DAG of steps. A workflow names no executor: configuration decides
 * where each step runs.
 */
public final class Workflow {
  private final String name;
  private final Map<String, Step> steps;
  private final FailureMode failureMode;
  private final Dag dag;

  private Workflow(String name, Map<String, Step> steps, FailureMode failureMode, Dag dag) {
    this.name = name;
    this.steps = steps;
    this.failureMode = failureMode;
    this.dag = dag;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** Steps by name, in topological order. */
  public Map<String, Step> steps() {
    return steps;
  }

  public Step step(String name) {
    Step s = steps.get(name);
    if (s == null) throw new IllegalArgumentException("workflow '" + this.name + "' has no step '" + name + "'");
    return s;
  }

  public FailureMode failureMode() {
    return failureMode;
  }

  public Dag dag() {
    return dag;
  }

  public static final class Builder {
    private final String name;
    private final List<Step> steps = new ArrayList<>();
    private FailureMode failureMode = FailureMode.STOP_ALL;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "workflow name");
    }

    public Builder step(Step step) {
      steps.add(step);
      return this;
    }

    public Builder step(Step.Builder step) {
      return step(step.build());
    }

    public Builder failureMode(FailureMode mode) {
      this.failureMode = Objects.requireNonNull(mode);
      return this;
    }

    /**
     * Validates and freezes the workflow.
     *
     * @throws ValidationException listing every problem found, each naming its step
     */
    public Workflow build() {
      List<Step> validated = List.copyOf(steps);
      Dag dag = Dag.validate(name, validated, Step::name, Step::upstream, StepChecks::check);
      return new Workflow(name, new StepMap(validated, dag), failureMode, dag);
    }
  }

  /**
   * The steps by name in topological order, over the DAG's own name index: a million-step
   * workflow needs no second hash map (a linked map costs about 50 bytes a step).
   */
  private static final class StepMap extends AbstractMap<String, Step> {
    private final List<Step> validated; // in the order validated: the DAG's positions
    private final List<Step> ordered;
    private final Dag dag;

    StepMap(List<Step> validated, Dag dag) {
      this.validated = validated;
      this.ordered = dag.inTopologicalOrder(validated);
      this.dag = dag;
    }

    @Override
    public Step get(Object name) {
      int i = name instanceof String s ? dag.indexOf(s) : -1;
      return i < 0 ? null : validated.get(i);
    }

    @Override
    public boolean containsKey(Object name) {
      return get(name) != null;
    }

    @Override
    public int size() {
      return ordered.size();
    }

    @Override
    public Collection<Step> values() {
      return ordered;
    }

    @Override
    public Set<Entry<String, Step>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Step>> iterator() {
          Iterator<Step> it = ordered.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Entry<String, Step> next() {
              Step s = it.next();
              return Map.entry(s.name(), s);
            }
          };
        }

        @Override
        public int size() {
          return ordered.size();
        }
      };
    }
  }
}
