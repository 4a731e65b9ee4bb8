package io.kakehashi.bench.slurm;

import io.kakehashi.slurm.SlurmClient;
import io.kakehashi.slurm.SlurmConfig;
import io.kakehashi.slurm.SlurmExecutorFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes and milliseconds of one status poll with thousands of unrelated jobs queued, the old way
 * ({@code GET /jobs}: every job slurmctld holds) against the new one
 * ({@link SlurmClient#statesOf}: our own array only; {@code GET /job/{id}} on v0.0.38,
 * {@code GET /jobs/state/?job_id=} from v0.0.40). Old and new alternate in each round; the table
 * gives medians (and min-max) over the rounds.
 *
 * <pre>
 * eval "$(scripts/slurm-local.sh env)"
 * java -cp ... io.kakehashi.bench.slurm.SlurmPollBench [rounds=15] [unrelated counts=1000,5000]
 * </pre>
 * It submits "our" sweep as one 8-element array of {@code sleep 600} (2 run on the 2-CPU node, 6
 * pend) and the unrelated jobs as held single jobs named {@code kk-bench-unrelated} with
 * {@code sbatch --hold} (SLURM_CONF must be set); it cancels all of them at the end.
 */
public final class SlurmPollBench {
  private SlurmPollBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int[] counts = Arrays.stream((args.length > 1 ? args[1] : "1000,5000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    SlurmConfig c = SlurmConfig.from(Map.of(), System.getenv());
    List<Long> unrelated = new ArrayList<>();
    long ours = -1;
    try (SlurmClient client = SlurmExecutorFactory.client(c, System.getenv())) {
      System.out.println("slurmrestd " + client.ping().release() + ", API " + client.apiVersion());
      ours = sbatch("--array=0-7", "-J", "kk-bench-ours", "--time=20", "-o", "/dev/null", "--wrap", "sleep 600");
      List<String> lines = new ArrayList<>();
      lines.add(String.format("| unrelated held jobs | poll | requests/poll | bytes/poll (median) | ms/poll (median) | ms min-max |"));
      lines.add("|---:|---|---:|---:|---:|---|");
      for (int n : counts) {
        long t0 = System.nanoTime();
        unrelated.addAll(submitHeld(n - unrelated.size()));
        System.out.printf("%d unrelated held jobs queued (%.0f s)%n", unrelated.size(), (System.nanoTime() - t0) / 1e9);
        long[][] old = new long[rounds][];
        long[][] now = new long[rounds][];
        final long array = ours;
        for (int r = 0; r < rounds; r++) {
          // Alternate, and swap who goes first, so that drift on a shared machine hits both alike.
          if (r % 2 == 0) {
            old[r] = measure(client, () -> client.jobs().size());
            now[r] = measure(client, () -> client.statesOf(Set.of(array)).jobs().size());
          } else {
            now[r] = measure(client, () -> client.statesOf(Set.of(array)).jobs().size());
            old[r] = measure(client, () -> client.jobs().size());
          }
        }
        lines.add(row(unrelated.size(), "old: `GET /jobs` (all jobs)", old));
        lines.add(row(unrelated.size(), "new: `statesOf(our array)`", now));
        System.out.printf("records per poll: old %d, new %d%n", old[0][3], now[0][3]);
      }
      System.out.println();
      lines.forEach(System.out::println);
    } finally {
      List<String> ids = new ArrayList<>();
      if (ours > 0) ids.add(Long.toString(ours));
      unrelated.forEach(id -> ids.add(Long.toString(id)));
      for (int i = 0; i < ids.size(); i += 500) {
        List<String> cmd = new ArrayList<>(List.of("scancel"));
        cmd.addAll(ids.subList(i, Math.min(ids.size(), i + 500)));
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
      }
    }
  }

  private interface Poll {
    int run();
  }

  /** {requests, bytes, nanos, records} of one poll. */
  private static long[] measure(SlurmClient client, Poll poll) {
    Map<String, Long> before = client.statistics();
    long t0 = System.nanoTime();
    int records = poll.run();
    long nanos = System.nanoTime() - t0;
    Map<String, Long> after = client.statistics();
    return new long[] {after.get("slurm.http.requests") - before.get("slurm.http.requests"),
        after.get("slurm.http.bytes.received") - before.get("slurm.http.bytes.received"), nanos, records};
  }

  private static String row(int n, String what, long[][] samples) {
    long[] bytes = Arrays.stream(samples).mapToLong(s -> s[1]).sorted().toArray();
    double[] ms = Arrays.stream(samples).mapToDouble(s -> s[2] / 1e6).sorted().toArray();
    return String.format("| %,d | %s | %d | %,d | %.1f | %.1f-%.1f |", n, what, samples[0][0],
        bytes[bytes.length / 2], ms[ms.length / 2], ms[0], ms[ms.length - 1]);
  }

  private static List<Long> submitHeld(int n) throws Exception {
    List<Long> ids = new ArrayList<>();
    if (n <= 0) return ids;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicLong done = new AtomicLong();
    List<Future<Long>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fs.add(pool.submit(() -> {
        long id = sbatch("--hold", "-J", "kk-bench-unrelated", "--time=1", "-o", "/dev/null", "--wrap", "true");
        if (done.incrementAndGet() % 500 == 0) System.out.println("  " + done.get() + " submitted");
        return id;
      }));
    }
    for (Future<Long> f : fs) ids.add(f.get());
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    return ids;
  }

  private static long sbatch(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) throw new IllegalStateException("sbatch failed: " + out);
    return Long.parseLong(out.split(";")[0]);
  }
}
