package io.kakehashi.workflow;

/** Java code that a function step runs once per point. */
@FunctionalInterface
public interface StepFunction {
  void run(StepContext context) throws Exception;
}
