package io.kakehashi.plan;

/**
 * Identifies one point of one step within a run. It lives with planning because the planner
 * numbers a step's points (a dynamic sweep has none until its source step has finished).
 */
public record PointKey(String step, int index) implements Comparable<PointKey> {
  @Override
  public int compareTo(PointKey o) {
    int c = step.compareTo(o.step);
    return c != 0 ? c : Integer.compare(index, o.index);
  }

  @Override
  public String toString() {
    return step + "[" + index + "]";
  }
}
