package io.kakehashi.workflow;

import io.kakehashi.dag.Dag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    this.steps = Collections.unmodifiableMap(steps);
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
     * @throws io.kakehashi.dag.ValidationException listing every problem found, each naming its step
     */
    public Workflow build() {
      Dag dag = Dag.validate(name, steps);
      Map<String, Step> byName = new java.util.HashMap<>(steps.size() * 2);
      for (Step st : steps) byName.put(st.name(), st);
      Map<String, Step> ordered = new LinkedHashMap<>(steps.size() * 2);
      for (String s : dag.topologicalOrder()) ordered.put(s, byName.get(s));
      return new Workflow(name, ordered, failureMode, dag);
    }
  }
}
