package io.kakehashi.engine;

import io.kakehashi.executor.Executor;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Step;
import java.util.Map;

/**
 * Which executor runs a step: function steps run in-process; other steps on the executor their
 * route names, or the default one. A workflow never names an executor: configuration does.
 *
 * @param executors every configured executor by name, the in-process one included
 */
record Routes(Map<String, Executor> executors, String defaultExecutor, Map<String, String> routes,
              Executor inProcess) {
  Executor executorFor(Step step) {
    if (step.action() instanceof Action.Function) return inProcess;
    String name = routes.getOrDefault(step.name(), defaultExecutor);
    Executor e = executors.get(name);
    if (e == null) {
      throw new EngineException("step '" + step.name() + "' is routed to executor '" + name
          + "', which is not configured (configured: " + executors.keySet() + ")");
    }
    if (!e.supports(step.action())) {
      throw new EngineException("executor '" + name + "' cannot run step '" + step.name() + "'");
    }
    return e;
  }

  Executor named(String name) {
    return executors.get(name);
  }
}
