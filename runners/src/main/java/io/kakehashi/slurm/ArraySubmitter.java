package io.kakehashi.slurm;

import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns the points of one step into job arrays and submits them: one array per distinct resource
 * request (an escalated retry cannot share one), split where it would exceed MaxArraySize; short
 * points are packed several to an element. Intent files are written before the submit and
 * completed after it ({@link IntentFiles}); a submit that got no answer is looked up by its tag
 * before it is sent again, and an unreachable slurmrestd is waited for as long as polls wait for
 * it, so a sweep is neither lost nor submitted twice. Each element becomes an
 * {@link ElementHandler} handed to {@code track}.
 */
final class ArraySubmitter {
  private final SlurmConfig config;
  private final SlurmClient client;
  private final Map<String, String> baseEnvironment;
  private final Consumer<ElementHandler> track;
  private final AtomicLong submits = new AtomicLong();
  private final AtomicLong elements = new AtomicLong();

  ArraySubmitter(SlurmConfig config, SlurmClient client, Map<String, String> baseEnvironment,
                 Consumer<ElementHandler> track) {
    this.config = config;
    this.client = client;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
    this.track = track;
  }

  long submits() {
    return submits.get();
  }

  long elements() {
    return elements.get();
  }

  /** Submits {@code tasks} (all of one step) as few arrays as their resources allow. */
  void submit(List<Task> tasks, TaskListener listener) {
    Map<Resources, List<Task>> byResources = new LinkedHashMap<>();
    for (Task t : tasks) byResources.computeIfAbsent(t.resources(), r -> new ArrayList<>()).add(t);
    for (List<Task> same : byResources.values()) {
      int perElement = pointsPerElement(same.get(0));
      List<List<Task>> groups = new ArrayList<>();
      for (int i = 0; i < same.size(); i += perElement) {
        groups.add(same.subList(i, Math.min(same.size(), i + perElement)));
      }
      for (int i = 0; i < groups.size(); i += config.maxArraySize()) {
        submitArray(groups.subList(i, Math.min(groups.size(), i + config.maxArraySize())), listener);
      }
    }
  }

  private int pointsPerElement(Task t) {
    if (config.pointsPerTask() > 0) return config.pointsPerTask();
    Duration w = walltime(t);
    if (w.isZero() || w.compareTo(Duration.ofMinutes(1)) >= 0) return 1;
    return (int) Math.min(100, Math.max(1, Duration.ofMinutes(1).toMillis() / Math.max(1, w.toMillis())));
  }

  private static Duration walltime(Task t) {
    if (!t.resources().walltime().isZero()) return t.resources().walltime();
    return t.timeout() == null ? Duration.ZERO : t.timeout();
  }

  private void submitArray(List<List<Task>> groups, TaskListener listener) {
    Task first = groups.get(0).get(0);
    String step = first.point().step();
    String tag = "kakehashi:" + first.runId() + ":" + step + ":" + digest(groups);
    Instant now = Instant.now();
    JobSubmission job;
    try {
      for (int i = 0; i < groups.size(); i++) {
        for (Task t : groups.get(i)) IntentFiles.writeIntent(t, tag, i);
      }
      job = submission(groups, tag);
      Files.createDirectories(job.workDir().resolve(IntentFiles.LOG_DIR));
    } catch (IOException | RuntimeException e) {
      failAll(groups, listener, FailureKind.LAUNCH_ERROR, "step " + step + ": could not prepare the Slurm job: "
          + e.getMessage(), now);
      return;
    }
    long jobId;
    try {
      jobId = submitOnce(job, tag);
    } catch (SlurmException e) {
      failAll(groups, listener, FailureKind.EXECUTOR_ERROR, "step " + step + ": " + e.getMessage(), now);
      return;
    }
    submits.incrementAndGet();
    for (int i = 0; i < groups.size(); i++) {
      ElementHandler h = new ElementHandler(jobId, i, groups.get(i), listener, now);
      for (Task t : h.points) {
        IntentFiles.writeSubmitted(t, tag, i, jobId);
        listener.submitted(t, h.id());
      }
      track.accept(h);
      elements.incrementAndGet();
    }
  }

  /**
   * Submits {@code job} exactly once, riding out a slurmrestd that cannot be reached for up to
   * {@code unreachable-timeout} (as polls do). A request that got no answer may still have reached
   * slurmctld, so before it is sent again the job is looked up by its tag; only when Slurm can be
   * asked and holds no such job is it sent again. An answer from Slurm (an error it reports)
   * ends the attempt at once: no retry changes it.
   */
  private long submitOnce(JobSubmission job, String tag) {
    long deadline = System.nanoTime() + config.unreachableTimeout().toNanos();
    long waitMillis = 1000;
    while (true) {
      try {
        return client.submit(job);
      } catch (SlurmException e) {
        if (e.httpStatus() != 0) throw e;
        while (true) {
          if (System.nanoTime() - deadline > 0) {
            throw new SlurmException(e.getMessage() + " (unreachable for more than "
                + config.unreachableTimeout().toSeconds() + " s)", 0, e.errors(), e);
          }
          sleep(Math.min(waitMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
          waitMillis = Math.min(waitMillis * 2, 15_000);
          long found;
          try {
            found = lookUpTag(tag);
          } catch (SlurmException stillDown) {
            continue;
          }
          if (found > 0) return found;
          break; // Slurm answers and never got the job: send it again.
        }
      }
    }
  }

  /** The array whose comment is {@code tag}, or -1; the one place that lists every job (rare). */
  private long lookUpTag(String tag) {
    for (JobInfo j : client.jobs()) {
      if (tag.equals(j.comment())) return j.arrayJobId() > 0 ? j.arrayJobId() : j.jobId();
    }
    return -1;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlurmException("interrupted while waiting for slurmrestd to come back");
    }
  }

  private JobSubmission submission(List<List<Task>> groups, String tag) {
    Task first = groups.get(0).get(0);
    Resources r = first.resources();
    Map<String, String> s = r.scheduler();
    int tasks = 1;
    int cpus = Math.max(1, r.cores());
    if (first.action() instanceof Action.Mpi mpi) {
      tasks = Math.max(1, mpi.ranks());
      cpus = Math.max(1, mpi.threadsPerRank());
    }
    long perPoint = walltime(first).isZero() ? config.defaultTimeLimit().toSeconds() : walltime(first).toSeconds();
    int largest = groups.stream().mapToInt(List::size).max().orElse(1);
    int minutes = (int) Math.max(1, (perPoint * largest + 59) / 60);
    String gres = s.getOrDefault("gres", r.gpus() > 0 ? "gpu:" + r.gpus() : "");
    String array = "0-" + (groups.size() - 1) + (config.maxRunning() > 0 ? "%" + config.maxRunning() : "");
    Path dir = first.workDir().toAbsolutePath().getParent();
    String script = BatchScript.forArray("run " + first.runId() + ", step " + first.point().step(),
        groups, config.launcher());
    return new JobSubmission(script, "kk-" + first.point().step(), tag, array, dir,
        dir.resolve(IntentFiles.LOG_DIR).resolve("slurm-%A_%a.out").toString(), "", baseEnvironment,
        s.getOrDefault("partition", config.partition()), s.getOrDefault("account", config.account()),
        s.getOrDefault("qos", config.qos()), r.nodes(), tasks, cpus, r.memoryMb(), minutes, gres,
        s.getOrDefault("constraint", ""));
  }

  private static String digest(List<List<Task>> groups) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (List<Task> g : groups) {
        for (Task t : g) md.update((t.tag() + "#" + t.attempt() + "\n").getBytes(StandardCharsets.UTF_8));
        md.update((byte) '|');
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void failAll(List<List<Task>> groups, TaskListener listener, FailureKind kind,
                              String message, Instant submitted) {
    for (List<Task> g : groups) {
      for (Task t : g) {
        listener.finished(t, TaskResult.failure(kind, -1, message, submitted, null, Instant.now(), null));
      }
    }
  }
}
