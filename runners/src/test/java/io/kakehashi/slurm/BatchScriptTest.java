package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.executor.Task;
import io.kakehashi.workflow.Action;
import io.kakehashi.workflow.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated batch script, run by bash directly as Slurm would run array element 0. */
class BatchScriptTest {
  @TempDir Path dir;

  private int runElement(String script, int element) throws Exception {
    return runElement(script, element, System.getenv());
  }

  /** Runs it with only {@code env} (and the element number), as slurmrestd starts a job with only what was sent. */
  private int runElement(String script, int element, java.util.Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("job.sh"), script);
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", file.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("job.out").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("SLURM_ARRAY_TASK_ID", Integer.toString(element));
    Process p = pb.start();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    return p.exitValue();
  }

  @Test
  void userStringsReachTheProgramAsWholeWordsNeverAsShellSyntax() throws Exception {
    String[] nasty = {"it's", "a b", "$(touch pwned)", "`id`", "x;y", "line\nbreak", "*", ""};
    String[] argv = new String[nasty.length + 2];
    argv[0] = "/usr/bin/printf";
    argv[1] = "[%s]";
    System.arraycopy(nasty, 0, argv, 2, nasty.length);
    Task t = Points.command(dir, "r", "quote's dir", 0, Resources.DEFAULT, argv);
    int status = runElement(BatchScript.forArray("test", List.of(List.of(t)), List.of("srun")), 0);
    assertEquals(0, status, Files.readString(dir.resolve("job.out")));
    assertEquals("[it's][a b][$(touch pwned)][`id`][x;y][line\nbreak][*][]",
        Files.readString(t.workDir().resolve("stdout.log")));
    assertEquals("0", Files.readString(t.exitMarker()).strip());
    assertTrue(Files.notExists(t.workDir().resolve("pwned")));
  }

  @Test
  void packedElementRunsEachPointInItsOwnDirAndKeepsTheWorstStatus() throws Exception {
    Task a = Points.command(dir, "r", "s", 0, Resources.DEFAULT, "/bin/sh", "-c", "echo $KK_POINT; exit 2");
    Task b = Points.command(dir, "r", "s", 1, Resources.DEFAULT, "/bin/sh", "-c", "pwd");
    Task other = Points.command(dir, "r", "s", 2, Resources.DEFAULT, "/bin/true");
    String script = BatchScript.forArray("test", List.of(List.of(a, b), List.of(other)), List.of("srun"));
    assertEquals(2, runElement(script, 0));
    assertEquals("0\n", Files.readString(a.workDir().resolve("stdout.log")));
    assertEquals("2", Files.readString(a.exitMarker()).strip());
    assertEquals(b.workDir().toString() + "\n", Files.readString(b.workDir().resolve("stdout.log")));
    assertEquals("0", Files.readString(b.exitMarker()).strip());
    assertTrue(Files.notExists(other.exitMarker()), "element 1's point is not run by element 0");
  }

  @Test
  void aJobSentOnlyPathGetsTheUsersHomeAndASentHomeIsKept() throws Exception {
    Task t = Points.command(dir, "r", "home", 0, Resources.DEFAULT, "/bin/sh", "-c", "echo \"$HOME\"");
    String script = BatchScript.forArray("test", List.of(List.of(t)), List.of("srun"));
    assertEquals(0, runElement(script, 0, java.util.Map.of("PATH", "/usr/bin:/bin")));
    // Java's user.home is the passwd entry's home, as bash's ~ is when HOME is unset.
    assertEquals(System.getProperty("user.home") + "\n", Files.readString(t.workDir().resolve("stdout.log")));
    Path home = Files.createDirectories(dir.resolve("home"));
    assertEquals(0, runElement(script, 0, java.util.Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString())));
    assertEquals(home + "\n", Files.readString(t.workDir().resolve("stdout.log")));
  }

  @Test
  void theExitStatusIsRecordedEvenWhenTheJobsPathHasNoPrograms() throws Exception {
    Task t = Points.command(dir, "r", "bare", 0, Resources.DEFAULT, "/bin/sh", "-c", "exit 3");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    String script = BatchScript.forArray("test", List.of(List.of(t)), List.of("srun"));
    assertEquals(3, runElement(script, 0, java.util.Map.of("PATH", empty.toString())),
        Files.readString(dir.resolve("job.out")));
    assertEquals(3, IntentFiles.readMarker(t));
  }

  @Test
  void aMarkerCutShortBeforeItsNewlineIsNotAnExitStatusYet() throws Exception {
    Task t = Points.command(dir, "r", "cut", 0, Resources.DEFAULT, "/bin/true");
    Files.createDirectories(t.workDir());
    Files.writeString(t.exitMarker(), "");
    assertEquals(null, IntentFiles.readMarker(t));
    Files.writeString(t.exitMarker(), "13");
    assertEquals(null, IntentFiles.readMarker(t), "137 could still be on its way");
    Files.writeString(t.exitMarker(), "137\n");
    assertEquals(137, IntentFiles.readMarker(t));
  }

  @Test
  void mpiPointsGoThroughTheLauncherWithTheirRankCount() throws Exception {
    List<String> argv = List.of("lmp", "-in", "in.lj");
    Task t = Points.task(dir, "r", "md", 0, new Action.Mpi(argv, 4, 2), Resources.cores(8), argv);
    List<String> words = BatchScript.command(t, List.of("mpirun", "--allow-run-as-root"));
    assertEquals(List.of(t.workDir().toString(), "2", "KK_POINT=0", "OMP_NUM_THREADS=2",
        "mpirun", "--allow-run-as-root", "-np", "4", "lmp", "-in", "in.lj"), words);
    assertEquals(List.of("srun", "-n", "4"), BatchScript.command(t, List.of("srun")).subList(4, 7));
  }

  @Test
  void badEnvironmentNameIsRefusedNamingTheStep() throws Exception {
    Task t = Points.command(dir, "r", "s", 0, Resources.DEFAULT, "/bin/true");
    Task bad = new Task(t.runId(), t.point(), 1, t.fingerprint(), t.action(), t.argv(), t.params(), t.workDir(),
        java.util.Map.of("A;rm -rf", "x"), t.resources(), t.timeout(), t.tag(), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BatchScript.forArray("t", List.of(List.of(bad)), List.of("srun")));
    assertTrue(e.getMessage().contains("step s") && e.getMessage().contains("'A;rm -rf'"), e.getMessage());
  }
}
