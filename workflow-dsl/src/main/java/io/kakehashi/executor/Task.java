package io.kakehashi.executor;

import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One attempt at one point, fully resolved: argument templates are expanded, the work directory
 * exists, resources are escalated as the retry policy says. Executors receive tasks and report
 * each one's end through a {@link TaskListener}.
 *
 * @param runId the run this attempt belongs to
 * @param point step and point index
 * @param attempt 1 for the first attempt
 * @param fingerprint the point's fingerprint (hex)
 * @param action the step's action; for commands and MPI programs {@code argv} holds the resolved arguments
 * @param argv the resolved argument vector (empty for function steps)
 * @param params the point's parameters
 * @param workDir the directory the attempt runs in and writes its outputs to
 * @param environment variables to add to the executor's base environment
 * @param resources what the attempt needs
 * @param timeout the engine-side limit, zero for none
 * @param tag a stable label (run id + fingerprint) an executor attaches to external jobs, so that a
 *     restarted engine can find them again
 * @param externalId an id an earlier engine process recorded for this attempt (Slurm job id), or null
 */
public record Task(String runId, PointKey point, int attempt, String fingerprint, Action action,
                   List<String> argv, Params params, Path workDir, Map<String, String> environment,
                   Resources resources, Duration timeout, String tag, String externalId) {
  public Task {
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
  }

  /** Equal tasks share run, point and attempt; hashing only those keeps tasks cheap as map keys. */
  @Override
  public int hashCode() {
    return (runId.hashCode() * 31 + point.hashCode()) * 31 + attempt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Task t && attempt == t.attempt && point.equals(t.point) && runId.equals(t.runId)
        && fingerprint.equals(t.fingerprint) && Objects.equals(externalId, t.externalId)
        && argv.equals(t.argv) && workDir.equals(t.workDir) && action.equals(t.action) && params.equals(t.params)
        && environment.equals(t.environment) && resources.equals(t.resources) && timeout.equals(t.timeout)
        && tag.equals(t.tag);
  }

  public Task withExternalId(String id) {
    return new Task(runId, point, attempt, fingerprint, action, argv, params, workDir, environment,
        resources, timeout, tag, id);
  }

  /** The file an executor writes the exit status to, so the end of an attempt survives the executor forgetting it. */
  public Path exitMarker() {
    return workDir.resolve(EXIT_MARKER);
  }

  public static final String EXIT_MARKER = ".kakehashi-exit";

  /** Where executors send the program's standard output and error, inside the work dir. */
  public static final String STDOUT = "stdout.log";

  public static final String STDERR = "stderr.log";

  @Override
  public String toString() {
    return point + "#" + attempt;
  }
}
