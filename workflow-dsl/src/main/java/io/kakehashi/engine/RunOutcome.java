package io.kakehashi.engine;

import io.kakehashi.event.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a run (or a resume of it) ended.
 *
 * @param failures one line per point that failed for good, naming the step and point
 * @param statistics counters from the engine and the executors (requests made, jobs submitted...)
 */
public record RunOutcome(String runId, RunState state, int succeeded, int cached, int failed, int skipped,
                         List<String> failures, Duration elapsed, Map<String, Long> statistics) {
  public boolean ok() {
    return state == RunState.SUCCEEDED;
  }
}
