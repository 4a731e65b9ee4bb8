package io.kakehashi.workflow;

import io.kakehashi.dag.Problem;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What makes one step valid beyond its place in the graph: resources, outputs, inputs and the
 * references of its argument templates. {@link Workflow.Builder#build()} hands this to the DAG's
 * validation, which calls it once per step.
 */
final class StepChecks {
  private StepChecks() {}

  /** {@code missing}: some step it waits for does not exist (then say which and why). */
  static void check(Step s, Function<String, Step> byName, boolean missing, List<Problem> problems) {
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
    for (String a : s.action().args()) templates |= ArgTemplate.hasReferences(a);
    Set<String> paramNames = s.sweep().isDynamic() || !templates ? null : paramNames(s);
    for (Map.Entry<String, Input> e : s.inputs().entrySet()) {
      Input in = e.getValue();
      Step from = byName.apply(in.step());
      if (from == null) {
        problems.add(new Problem(n, "input '" + e.getKey() + "' reads step '" + in.step() + "', which does not exist"));
        continue;
      }
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
      if (byName.apply(a) == null) problems.add(new Problem(n, "runs after step '" + a + "', which does not exist"));
    }
    if (missing && s.sweep().isDynamic() && byName.apply(s.sweep().sourceStep()) == null) {
      problems.add(new Problem(n, "sweep reads step '" + s.sweep().sourceStep() + "', which does not exist"));
    }
    for (String arg : s.action().args()) {
      if (ArgTemplate.hasReferences(arg)) checkTemplate(n, ArgTemplate.parse(arg), s, paramNames, problems);
    }
  }

  private static Set<String> paramNames(Step s) {
    Set<String> names = new HashSet<>();
    for (Params p : s.sweep().points()) names.addAll(p.values().keySet());
    return names;
  }

  private static void checkTemplate(String step, ArgTemplate t, Step s, Set<String> params, List<Problem> problems) {
    String arg = t.arg();
    for (ArgTemplate.Part part : t.parts()) {
      if (part instanceof ArgTemplate.InputFiles in) {
        if (!s.inputs().containsKey(in.name())) {
          problems.add(new Problem(step, "argument '" + arg + "' uses undeclared input '" + in.name() + "'"));
        }
      } else if (part instanceof ArgTemplate.Param p && params != null && !params.contains(p.name())) {
        problems.add(new Problem(step, "argument '" + arg + "' uses parameter '" + p.name() + "', which the sweep does not define"));
      }
    }
    if (t.unclosed()) problems.add(new Problem(step, "unclosed '${' in argument '" + arg + "'"));
  }
}
