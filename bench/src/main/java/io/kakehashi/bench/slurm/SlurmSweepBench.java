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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An N-point sweep of a trivial command through a local Slurm, printed as a table with the
 * number of job arrays the sweep became: the Slurm executor (one job array, polls that ask about
 * that array only), the same with short points packed, the same sweep handed over in 8 parts
 * 150 ms apart (as when each point waits on its own upstream point) with the default gather window
 * and without one, the floor (one {@code sbatch --array} by hand, waited on with
 * {@code sbatch --wait}), and a naive client (one REST submit per point, one REST status request
 * per job per poll).
 *
 * <pre>
 * eval "$(scripts/slurm-local.sh env)"
 * java -cp ... io.kakehashi.bench.slurm.SlurmSweepBench [points=1000] [variant...]
 * </pre>
 * Variants: {@code floor array packed trickle trickle-nogather naive} (all by default); "x floor"
 * needs {@code floor}.
 * Needs KAKEHASHI_SLURM_URL, KAKEHASHI_SLURM_TOKEN_COMMAND and SLURM_CONF (for sbatch).
 */
public final class SlurmSweepBench {
  private static final Duration POLL = Duration.ofSeconds(1);

  private record Row(String variant, int points, double seconds, long restRequests, long submissions) {}

  /** Parts a trickled sweep is handed over in, and the pause between them (upstream points ending). */
  private static final int TRICKLE_PARTS = 8;
  private static final Duration TRICKLE_PAUSE = Duration.ofMillis(150);

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path root = Files.createTempDirectory("kk-slurm-bench");
    Map<String, String> env = System.getenv();
    List<String> variants = args.length > 1 ? List.of(args).subList(1, args.length)
        : List.of("floor", "array", "packed", "trickle", "trickle-nogather", "naive");
    List<Row> rows = new ArrayList<>();
    for (String v : variants) {
      rows.add(switch (v) {
        case "floor" -> floor(n, root);
        case "array" -> executor(n, root, "array", Map.of("points-per-task", "1"), 1);
        case "packed" -> executor(n, root, "array-packed", Map.of("points-per-task", "auto"), 1);
        case "trickle" -> executor(n, root, "trickle", Map.of("points-per-task", "1"), TRICKLE_PARTS);
        case "trickle-nogather" -> executor(n, root, "trickle-nogather",
            Map.of("points-per-task", "1", "gather-window", "0"), TRICKLE_PARTS);
        case "naive" -> naive(n, root, env);
        default -> throw new IllegalArgumentException("unknown variant '" + v
            + "' (floor, array, packed, trickle, trickle-nogather, naive)");
      });
    }
    double floor = rows.stream().filter(r -> r.variant().startsWith("floor")).mapToDouble(Row::seconds)
        .findFirst().orElse(Double.NaN);
    System.out.printf("%n%-48s %7s %7s %9s %8s %13s %10s%n", "variant", "points", "arrays", "wall s", "x floor",
        "REST requests", "req/point");
    for (Row r : rows) {
      System.out.printf("%-48s %7d %7d %9.1f %8s %13s %10s%n", r.variant(), r.points(), r.submissions(), r.seconds(),
          Double.isNaN(floor) ? "-" : String.format("%.2f", r.seconds() / floor), r.restRequests() < 0 ? "n/a (RPC)" : Long.toString(r.restRequests()),
          r.restRequests() < 0 ? "-" : String.format("%.3f", (double) r.restRequests() / r.points()));
    }
  }

  private static SlurmConfig config(Map<String, String> extra) {
    Map<String, String> m = new HashMap<>(Map.of("poll-interval", POLL.toMillis() + "ms",
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

  /**
   * The executor's sweep, handed over in {@code parts} (1: all at once; more: a part every
   * {@link #TRICKLE_PAUSE}, as when each point waits on its own upstream point). Arrays are
   * counted from the job ids the executor reports.
   */
  private static Row executor(int n, Path root, String name, Map<String, String> extra, int parts) throws Exception {
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
    Set<String> arrays = java.util.concurrent.ConcurrentHashMap.newKeySet();
    TaskListener listener = new TaskListener() {
      @Override
      public void submitted(Task task, String externalId) {
        arrays.add(externalId.split("_")[0]);
      }

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
      int per = (n + parts - 1) / parts;
      for (int i = 0; i < n; i += per) {
        if (i > 0) Thread.sleep(TRICKLE_PAUSE.toMillis());
        ex.submit(tasks.subList(i, Math.min(n, i + per)), listener);
      }
      if (!done.await(60, TimeUnit.MINUTES)) throw new IllegalStateException(name + " did not finish");
      double s = seconds(t0);
      if (failed[0] > 0) throw new IllegalStateException(name + ": " + failed[0] + " points failed");
      Map<String, Long> stats = ex.statistics();
      String how = parts == 1 ? "" : ", " + parts + " hand-overs";
      return new Row("kakehashi " + name + " (" + stats.get("slurm.array.elements") + " elements" + how + ")", n, s,
          stats.get("slurm.http.requests") - before, arrays.size());
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
