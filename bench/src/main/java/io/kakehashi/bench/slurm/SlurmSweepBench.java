package io.kakehashi.bench.slurm;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PointKey;
import io.kakehashi.slurm.JobSubmission;
import io.kakehashi.slurm.SlurmClient;
import io.kakehashi.slurm.SlurmConfig;
import io.kakehashi.slurm.SlurmExecutor;
import io.kakehashi.slurm.SlurmExecutorFactory;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An N-point sweep of a trivial command through a local Slurm, four ways, printed as a table:
 * the Slurm executor (one job array, one poll request for all jobs), the same with short points
 * packed, the floor (one {@code sbatch --array} by hand, waited on with {@code sbatch --wait}),
 * and a naive client (one REST submit per point, one REST status request per job per poll).
 *
 * <pre>
 * eval "$(scripts/slurm-local.sh env)"
 * java -cp ... io.kakehashi.bench.slurm.SlurmSweepBench [points=1000] [variant...]
 * </pre>
 * Variants: {@code floor array packed naive} (all by default); "x floor" needs {@code floor}.
 * Needs KAKEHASHI_SLURM_URL, KAKEHASHI_SLURM_TOKEN_COMMAND and SLURM_CONF (for sbatch).
 */
public final class SlurmSweepBench {
  private static final Duration POLL = Duration.ofSeconds(1);

  private record Row(String variant, int points, double seconds, long restRequests, long submissions) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path root = Files.createTempDirectory("kk-slurm-bench");
    Map<String, String> env = System.getenv();
    List<String> variants = args.length > 1 ? List.of(args).subList(1, args.length)
        : List.of("floor", "array", "packed", "naive");
    List<Row> rows = new ArrayList<>();
    for (String v : variants) {
      rows.add(switch (v) {
        case "floor" -> floor(n, root);
        case "array" -> executor(n, root, "array", Map.of("points-per-task", "1"));
        case "packed" -> executor(n, root, "array-packed", Map.of("points-per-task", "auto"));
        case "naive" -> naive(n, root, env);
        default -> throw new IllegalArgumentException("unknown variant '" + v + "' (floor, array, packed, naive)");
      });
    }
    double floor = rows.stream().filter(r -> r.variant().startsWith("floor")).mapToDouble(Row::seconds)
        .findFirst().orElse(Double.NaN);
    System.out.printf("%n%-40s %7s %9s %8s %13s %10s%n", "variant", "points", "wall s", "x floor",
        "REST requests", "req/point");
    for (Row r : rows) {
      System.out.printf("%-40s %7d %9.1f %8s %13s %10s%n", r.variant(), r.points(), r.seconds(),
          Double.isNaN(floor) ? "-" : String.format("%.2f", r.seconds() / floor), r.restRequests() < 0 ? "n/a (RPC)" : Long.toString(r.restRequests()),
          r.restRequests() < 0 ? "-" : String.format("%.3f", (double) r.restRequests() / r.points()));
    }
  }

  private static SlurmConfig config(Map<String, String> extra) {
    Map<String, String> m = new java.util.HashMap<>(Map.of("poll-interval", POLL.toMillis() + "ms",
        "max-poll-interval", "5s", "default-time-limit", "5m"));
    m.putAll(extra);
    return SlurmConfig.from(m, System.getenv());
  }

  /** The same N points as one array by hand: sbatch --array ... --wait (slurmctld RPC, no REST). */
  private static Row floor(int n, Path root) throws Exception {
    Path dir = Files.createDirectories(root.resolve("floor"));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("sbatch", "--wait", "--array=0-" + (n - 1), "--time=5",
        "--output=/dev/null", "--chdir=" + dir, "--job-name=kk-bench-floor", "--wrap", "true")
        .inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("sbatch --wait failed with " + p.exitValue());
    return new Row("floor: one sbatch --array, --wait", n, seconds(t0), -1, 1);
  }

  private static Row executor(int n, Path root, String name, Map<String, String> extra) throws Exception {
    SlurmConfig c = config(extra);
    List<Task> tasks = new ArrayList<>();
    Resources r = Resources.DEFAULT.withWalltime(Duration.ofSeconds(1));
    for (int i = 0; i < n; i++) {
      Path wd = Files.createDirectories(root.resolve(name).resolve(Integer.toString(i)));
      tasks.add(new Task("bench-" + name, new PointKey("sweep", i), 1, "fp" + i,
          new Action.Command(List.of("true")), List.of("true"), Params.EMPTY, wd, Map.of(), r,
          Duration.ZERO, "bench/" + name + "/" + i, null));
    }
    CountDownLatch done = new CountDownLatch(n);
    long[] failed = new long[1];
    TaskListener listener = new TaskListener() {
      @Override
      public void finished(Task task, TaskResult result) {
        if (!result.succeeded()) {
          synchronized (failed) {
            failed[0]++;
          }
        }
        done.countDown();
      }
    };
    try (SlurmExecutor ex = new SlurmExecutor(c, SlurmExecutorFactory.client(c, System.getenv()),
        Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")))) {
      ex.client().apiVersion();
      long before = ex.client().statistics().get("slurm.http.requests");
      long t0 = System.nanoTime();
      ex.submit(tasks, listener);
      if (!done.await(60, TimeUnit.MINUTES)) throw new IllegalStateException(name + " did not finish");
      double s = seconds(t0);
      if (failed[0] > 0) throw new IllegalStateException(name + ": " + failed[0] + " points failed");
      Map<String, Long> stats = ex.statistics();
      return new Row("kakehashi " + name + " (" + stats.get("slurm.array.elements") + " elements)", n, s,
          stats.get("slurm.http.requests") - before, stats.get("slurm.jobs.submitted"));
    }
  }

  /** One REST submit per point, then one REST status request per unfinished job per poll. */
  private static Row naive(int n, Path root, Map<String, String> env) throws Exception {
    SlurmConfig c = config(Map.of());
    Path dir = Files.createDirectories(root.resolve("naive"));
    try (SlurmClient client = SlurmExecutorFactory.client(c, env)) {
      client.apiVersion();
      long before = client.statistics().get("slurm.http.requests");
      long t0 = System.nanoTime();
      Set<Long> open = new HashSet<>();
      for (int i = 0; i < n; i++) {
        open.add(client.submit(new JobSubmission("#!/bin/sh\ntrue\n", "kk-bench-naive", "", "", dir,
            "/dev/null", "", Map.of("PATH", "/usr/bin:/bin"), "", "", "", 0, 1, 1, 0, 5, "", "")));
      }
      while (!open.isEmpty()) {
        Thread.sleep(POLL.toMillis());
        open.removeIf(id -> client.job(Long.toString(id)).stream().allMatch(j -> j.state().terminal()));
      }
      return new Row("naive: sbatch per point + poll per job", n, seconds(t0),
          client.statistics().get("slurm.http.requests") - before, n);
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
