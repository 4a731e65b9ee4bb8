package io.kakehashi.local;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.Task;
import io.kakehashi.executor.TaskListener;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.FailureKind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs command and MPI steps as processes on this machine. Programs get an argument vector (no
 * shell), their output goes to {@link Task#STDOUT}/{@link Task#STDERR} in the work dir, and a
 * timeout or a cancel kills the whole process tree. The engine keeps concurrent points within
 * {@link #capacity()} cores, and each running point gets CPUs of its own ({@link CpuSlots}:
 * {@code taskset -c} around the launcher), so concurrent simulations never share a core.
 */
public final class LocalExecutor implements Executor {
  private final int cores;
  private final List<String> mpiLauncher;
  private final CpuSlots slots;
  private final Map<Task, Running> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kakehashi-local-timeouts");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong launched = new AtomicLong();

  private static final class Running {
    final Process process;
    final Instant started;
    final int[] cpus;
    volatile FailureKind killedFor;
    ScheduledFuture<?> timeout;

    Running(Process process, Instant started, int[] cpus) {
      this.process = process;
      this.started = started;
      this.cpus = cpus;
    }
  }

  /**
   * @param cores how many cores points may use at once
   * @param mpiLauncher the launcher prefix; {@code -np <ranks>} and the program follow it
   */
  public LocalExecutor(int cores, List<String> mpiLauncher) {
    this(cores, mpiLauncher, TASKSET_FOUND ? CpuSlots.forThisProcess(cores) : new CpuSlots(new int[0], cores));
  }

  LocalExecutor(int cores, List<String> mpiLauncher, CpuSlots slots) {
    if (cores < 1) throw new IllegalArgumentException("local executor needs at least 1 core, got " + cores);
    this.cores = cores;
    this.mpiLauncher = List.copyOf(mpiLauncher);
    this.slots = slots;
  }

  private static final boolean TASKSET_FOUND = onPath("taskset", System.getenv("PATH"));

  private static boolean onPath(String program, String path) {
    if (path == null) return false;
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
    }
    return false;
  }

  /** All cores of this machine and OpenMPI's {@code mpirun} as this machine's user needs it. */
  public static LocalExecutor onThisMachine() {
    return new LocalExecutor(Runtime.getRuntime().availableProcessors(), defaultLauncher());
  }

  /**
   * {@code mpirun}, allowed to run as root and to place more ranks than cores (small machines,
   * CI), and told not to bind: its ranks keep the CPU set the executor gives the point, instead
   * of every {@code mpirun} binding its rank 0 to core 0.
   */
  public static List<String> defaultLauncher() {
    List<String> l = new ArrayList<>(List.of("mpirun", "--oversubscribe", "--bind-to", "none"));
    if ("root".equals(System.getProperty("user.name"))) l.add("--allow-run-as-root");
    return l;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public boolean supports(Action action) {
    return action instanceof Action.Command || action instanceof Action.Mpi;
  }

  @Override
  public int capacity() {
    return cores;
  }

  @Override
  public Map<String, Long> statistics() {
    return Map.of("processes", launched.get());
  }

  /** The CPUs points are bound to, in order; empty when they are not bound (see {@link CpuSlots}). */
  public int[] placementCpus() {
    return slots.cpus();
  }

  @Override
  public void submit(List<Task> tasks, TaskListener listener) {
    for (Task task : tasks) start(task, listener);
  }

  private void start(Task task, TaskListener listener) {
    Instant submitted = Instant.now();
    List<String> command = commandLine(task);
    // The launcher and, for MPI, the program it starts: a missing one is named here, instead of
    // surfacing as taskset's or mpirun's exit status.
    for (String program : programs(task, command)) {
      if (!findable(program, task)) {
        listener.finished(task, TaskResult.failure(FailureKind.LAUNCH_ERROR, -1, "step '" + task.point().step()
            + "': cannot start '" + program + "': not found (is it installed and on PATH?)", submitted, null,
            Instant.now(), null));
        return;
      }
    }
    int[] cpus = slots.take(Math.max(1, task.resources().cores())).orElse(null);
    List<String> placed = command;
    if (cpus != null) {
      placed = new ArrayList<>(List.of("taskset", "-c", CpuSlots.format(cpus)));
      placed.addAll(command);
    }
    ProcessBuilder pb = new ProcessBuilder(placed).directory(task.workDir().toFile());
    pb.environment().putAll(task.environment());
    if (task.action() instanceof Action.Mpi m) {
      pb.environment().putIfAbsent("OMP_NUM_THREADS", Integer.toString(m.threadsPerRank()));
    }
    pb.redirectOutput(task.workDir().resolve(Task.STDOUT).toFile());
    pb.redirectError(task.workDir().resolve(Task.STDERR).toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      if (cpus != null) slots.give(cpus);
      String program = command.get(0);
      String why = Files.isDirectory(task.workDir())
          ? "cannot start '" + program + "': " + rootMessage(e) + " (is it installed and on PATH?)"
          : "work dir " + task.workDir() + " does not exist";
      listener.finished(task, TaskResult.failure(FailureKind.LAUNCH_ERROR, -1, "step '" + task.point().step()
          + "': " + why, submitted, null, Instant.now(), null));
      return;
    }
    launched.incrementAndGet();
    Instant started = Instant.now();
    Running r = new Running(p, started, cpus);
    running.put(task, r);
    String id = "pid:" + p.pid() + ":" + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    listener.submitted(task, id);
    listener.started(task);
    Duration limit = effectiveTimeout(task);
    if (!limit.isZero()) {
      r.timeout = timers.schedule(() -> kill(r, FailureKind.TIMEOUT), limit.toMillis(), TimeUnit.MILLISECONDS);
    }
    p.onExit().thenAccept(done -> {
      running.remove(task);
      if (r.cpus != null) slots.give(r.cpus);
      if (r.timeout != null) r.timeout.cancel(false);
      int code = done.exitValue();
      writeMarker(task, code);
      Instant ended = Instant.now();
      TaskResult result;
      if (r.killedFor != null) {
        String what = r.killedFor == FailureKind.TIMEOUT ? "timed out after " + limit : "cancelled";
        result = TaskResult.failure(r.killedFor, code, "step '" + task.point().step() + "' point "
            + task.point().index() + " " + what, submitted, started, ended, id);
      } else if (code != 0) {
        result = TaskResult.failure(FailureKind.EXIT_CODE, code, "'" + command.get(0) + "' exited with status " + code
            + tail(task.workDir().resolve(Task.STDERR)), submitted, started, ended, id);
      } else {
        result = TaskResult.success(submitted, started, ended, id);
      }
      listener.finished(task, result);
    });
  }

  private static List<String> programs(Task task, List<String> command) {
    if (task.action() instanceof Action.Mpi && !task.argv().isEmpty()) return List.of(command.get(0), task.argv().get(0));
    return List.of(command.get(0));
  }

  /** A program with a slash is a path (relative to the work dir); a bare name is looked up on PATH. */
  private static boolean findable(String program, Task task) {
    if (program.contains("/")) return Files.isExecutable(task.workDir().resolve(program));
    return onPath(program, task.environment().getOrDefault("PATH", System.getenv("PATH")));
  }

  private static Duration effectiveTimeout(Task task) {
    Duration t = task.timeout();
    Duration w = task.resources().walltime();
    if (t.isZero()) return w;
    if (w.isZero()) return t;
    return t.compareTo(w) < 0 ? t : w;
  }

  private List<String> commandLine(Task task) {
    if (task.action() instanceof Action.Mpi m) {
      List<String> c = new ArrayList<>(mpiLauncher);
      c.add("-np");
      c.add(Integer.toString(m.ranks()));
      c.addAll(task.argv());
      return c;
    }
    return task.argv();
  }

  private static void kill(Running r, FailureKind why) {
    r.killedFor = why;
    killTree(r.process.toHandle());
  }

  /** Children first, so that none is re-parented and left running. */
  static void killTree(ProcessHandle h) {
    h.descendants().forEach(ProcessHandle::destroyForcibly);
    h.destroyForcibly();
  }

  private static void writeMarker(Task task, int code) {
    try {
      Files.writeString(task.exitMarker(), code + "\n");
    } catch (IOException e) {
      // The marker only matters to executors that can lose track of a job; the exit code is in hand.
    }
  }

  /** The last lines of stderr, so a failure explains itself. */
  static String tail(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      if (len == 0) return "";
      int n = (int) Math.min(len, 2000);
      byte[] buf = new byte[n];
      f.seek(len - n);
      f.readFully(buf);
      String s = new String(buf, StandardCharsets.UTF_8).strip();
      String[] lines = s.split("\n");
      int from = Math.max(0, lines.length - 8);
      return "; last lines of " + file.getFileName() + ":\n    " + String.join("\n    ", List.of(lines).subList(from, lines.length));
    } catch (IOException e) {
      return "";
    }
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) e = e.getCause();
    return e.getMessage();
  }

  @Override
  public void cancel(Collection<Task> tasks) {
    for (Task t : tasks) {
      Running r = running.get(t);
      if (r != null) kill(r, FailureKind.CANCELLED);
    }
  }

  /**
   * A process of an earlier engine cannot be adopted (its exit status is lost with its parent),
   * so one still running is stopped and every task is handed back to run again.
   */
  @Override
  public List<Task> reattach(List<Task> tasks, TaskListener listener) {
    for (Task t : tasks) {
      orphan(t.externalId()).ifPresent(LocalExecutor::killTree);
    }
    return tasks;
  }

  static Optional<ProcessHandle> orphan(String externalId) {
    if (externalId == null || !externalId.startsWith("pid:")) return Optional.empty();
    String[] parts = externalId.split(":");
    if (parts.length != 3) return Optional.empty();
    long pid = Long.parseLong(parts[1]);
    long startMillis = Long.parseLong(parts[2]);
    // The start time guards against a recycled pid belonging to somebody else.
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startMillis);
  }

  @Override
  public void close() {
    cancel(List.copyOf(running.keySet()));
    timers.shutdownNow();
  }
}
