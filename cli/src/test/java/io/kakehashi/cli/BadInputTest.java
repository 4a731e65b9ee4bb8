package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kakehashi.store.ReadOnly;
import io.kakehashi.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input as users type it, one row each: the command exits 2 and its error names the
 * parameter, key, file, step or run at fault in one sentence (a workflow's validation lists each
 * problem on a line of its own), with no stack trace, no internal value and nothing recorded. {@code {dir}} in a row stands for the fixture directory, {@code {run}} for
 * a finished run of {@code Hello.java}, {@code {pot}} for Debian's CuNi potential.
 */
class BadInputTest {
  private static final String POT = "/usr/share/lammps/potentials/CuNi.eam.alloy";
  @TempDir static Path dir;
  static String run;
  static final List<ReadOnly> readOnly = new ArrayList<>();

  static Stream<Arguments> cases() {
    return Stream.of(
        // Settings (-C, --config, <home>/kakehashi.properties): unknown keys, with the nearest known one.
        row("misspelt executor", "unknown setting 'exectuor' given with -C (did you mean 'executor'?)", "runs", "-C", "exectuor=slurm"),
        row("executor missing a letter", "did you mean 'executor'?", "runs", "-C", "excutor=local"),
        row("executor in capitals", "did you mean 'executor'?", "runs", "-C", "Executor=slurm"),
        row("local.core", "unknown setting 'local.core' given with -C (did you mean 'local.cores'?)", "runs", "-C", "local.core=2"),
        row("local key nobody reads", "executor 'local' reads [local.cores, local.mpi-launcher]", "runs", "-C", "local.cpus=2"),
        row("misspelt launcher", "did you mean 'local.mpi-launcher'?", "runs", "-C", "local.mpi-lancher=mpirun"),
        row("misspelt slurm partition", "did you mean 'slurm.partition'?", "runs", "-C", "slurm.partiton=debug"),
        row("misspelt slurm url", "did you mean 'slurm.url'?", "runs", "-C", "slurm.urll=http://127.0.0.1:6820"),
        row("misspelt executor prefix", "unknown setting 'slurmm.url'", "runs", "-C", "slurmm.url=http://127.0.0.1:6820"),
        row("misspelt work", "did you mean 'work'?", "runs", "-C", "wrok=/tmp/w"),
        row("spark without a dot", "unknown setting 'sparkmaster'", "runs", "-C", "sparkmaster=local"),
        row("bare spark prefix", "unknown setting 'spark.'", "runs", "-C", "spark.=x"),
        row("bare executor prefix", "unknown setting 'executor.'", "runs", "-C", "executor.=local"),
        row("setting given twice", "-C executor is given twice ('local' and 'slurm')", "runs", "-C", "executor=local", "-C", "executor=slurm"),
        row("executor key given twice", "-C local.cores is given twice", "runs", "-C", "local.cores=2", "-C", "local.cores=3"),
        row("setting without =", "-C 'executor' is not KEY=VALUE", "runs", "-C", "executor"),
        row("setting without key", "-C '=slurm' has no key before '='", "runs", "-C", "=slurm"),
        row("missing config file", "config file {dir}/nope.properties does not exist", "runs", "--config", "{dir}/nope.properties"),
        row("unknown key in config file", "unknown setting 'exectuor' in {dir}/typo.properties (did you mean 'executor'?)", "runs", "--config", "{dir}/typo.properties"),
        row("unknown key in home properties", "unknown setting 'local.core' in {dir}/typo-home/kakehashi.properties", "runs", "--home", "{dir}/typo-home"),
        row("--home twice", "--home", "runs", "--home", "{dir}/a", "--home", "{dir}/b"),
        row("cores not a number", "local.cores: expected a whole number of cores >= 1, got 'abc'", "run", "{dir}/Hello.java", "-C", "local.cores=abc"),
        row("zero cores", "local.cores: expected a whole number of cores >= 1, got '0'", "run", "{dir}/Hello.java", "-C", "local.cores=0"),
        row("negative cores", "local.cores: expected a whole number of cores >= 1, got '-3'", "run", "{dir}/Hello.java", "-C", "local.cores=-3"),
        row("fractional cores", "local.cores: expected a whole number of cores >= 1, got '1.5'", "run", "{dir}/Hello.java", "-C", "local.cores=1.5"),
        row("empty launcher", "local.mpi-launcher is empty", "run", "{dir}/Hello.java", "-C", "local.mpi-launcher= "),
        row("unknown executor", "no executor named 'slurmm'", "run", "{dir}/Hello.java", "-C", "executor=slurmm"),
        row("unknown executor for a step", "no executor named 'gpu'", "run", "{dir}/Hello.java", "-C", "executor.greet=gpu"),
        row("route to a misspelt step", "setting 'executor.gret': workflow 'hello' has no step 'gret' (did you mean 'greet'?)", "run", "{dir}/Hello.java", "-C", "executor.gret=local"),
        row("route to a missing step", "workflow 'hello' has no step 'relax'", "run", "{dir}/Hello.java", "-C", "executor.relax=slurm"),
        row("slurm poll interval", "slurm.poll-interval: expected a duration such as 500ms, 5s, 2m, got 'fast'", "run", "{dir}/Hello.java", "-C", "executor=slurm", "-C", "slurm.poll-interval=fast"),
        row("slurm max-running", "slurm.max-running: expected a whole number >= 0, got '-1'", "run", "{dir}/Hello.java", "-C", "executor=slurm", "-C", "slurm.max-running=-1"),
        row("slurm probe timeout", "slurm.probe-timeout: expected a duration such as 500ms, 5s, 2m, got 'soon'", "run", "{dir}/Hello.java", "-C", "executor=slurm", "-C", "slurm.probe-timeout=soon"),
        row("zero slurm probe timeout", "slurm.probe-timeout: expected a duration longer than 0, got '0s'", "run", "{dir}/Hello.java", "-C", "executor=slurm", "-C", "slurm.probe-timeout=0s"),
        row("slurm retries", "slurm.retries: expected a whole number >= 0, got 'many'", "run", "{dir}/Hello.java", "-C", "executor=slurm", "-C", "slurm.retries=many"),

        // Campaign parameters (-P): each names its parameter and the value as typed.
        row("training overflows int", "parameter 'training': 99999999999 is out of range (it must be at least 1 and at most 2147483647)", "run", "alloy-screening", "-P", "training=99999999999"),
        row("negative training", "parameter 'training': -5 is out of range", "run", "alloy-screening", "-P", "training=-5"),
        row("zero training", "parameter 'training': 0 is out of range", "run", "alloy-screening", "-P", "training=0"),
        row("training not a number", "parameter 'training': 'abc' is not an integer", "run", "alloy-screening", "-P", "training=abc"),
        row("training in e-notation", "parameter 'training': '1e3' is not an integer", "run", "alloy-screening", "-P", "training=1e3"),
        row("empty training", "parameter 'training': '' is not an integer", "run", "alloy-screening", "-P", "training="),
        row("zero screen", "parameter 'screen': 0 is out of range", "run", "alloy-screening", "-P", "screen=0"),
        row("negative screen", "parameter 'screen': -1 is out of range", "run", "alloy-screening", "-P", "screen=-1"),
        row("screen overflows long", "parameter 'screen': 99999999999999999999 is out of range", "run", "alloy-screening", "-P", "screen=99999999999999999999"),
        row("zero batch", "parameter 'batch': 0 is out of range", "run", "alloy-screening", "-P", "batch=0"),
        row("batch in words", "parameter 'batch': 'ten' is not an integer", "run", "alloy-screening", "-P", "batch=ten"),
        row("zero ranks", "parameter 'ranks': 0 is out of range", "run", "alloy-screening", "-P", "ranks=0"),
        row("ranks past int", "parameter 'ranks': 2147483648 is out of range", "run", "alloy-screening", "-P", "ranks=2147483648"),
        row("zero bins", "parameter 'bins': 0 is out of range", "run", "alloy-screening", "-P", "bins=0"),
        row("negative topk", "parameter 'topk': -1 is out of range (it must be between 0 and 1000)", "run", "alloy-screening", "-P", "topk=-1"),
        row("negative sample", "parameter 'sample': -2 is out of range", "run", "alloy-screening", "-P", "sample=-2"),
        row("zero cells", "parameter 'cells': 0 is out of range", "run", "alloy-screening", "-P", "cells=0"),
        row("cells the descriptors do not fit", "4x4x4", "run", "alloy-screening", "-P", "cells=3"),
        row("zero shells", "parameter 'shells': 0 is out of range", "run", "alloy-screening", "-P", "shells=0"),
        row("seed not a number", "parameter 'seed': 'abc' is not an integer", "run", "alloy-screening", "-P", "seed=abc"),
        row("seed overflows long", "parameter 'seed': 99999999999999999999 is out of range (it must be a 64-bit integer)", "run", "alloy-screening", "-P", "seed=99999999999999999999"),
        row("negative gate", "parameter 'tolerance-mev': '-1' must be a finite number greater than 0", "run", "alloy-screening", "-P", "tolerance-mev=-1"),
        row("NaN gate", "parameter 'tolerance-mev': 'NaN' must be a finite number greater than 0", "run", "alloy-screening", "-P", "tolerance-mev=NaN"),
        row("infinite gate", "parameter 'tolerance-mev': 'Infinity' must be a finite number", "run", "alloy-screening", "-P", "tolerance-mev=Infinity"),
        row("zero gate", "parameter 'tolerance-mev': '0' must be a finite number greater than 0", "run", "alloy-screening", "-P", "tolerance-mev=0"),
        row("gate in words", "parameter 'tolerance-mev': 'one' is not a number", "run", "alloy-screening", "-P", "tolerance-mev=one"),
        row("negative rounds", "parameter 'rounds': -1 is out of range", "run", "alloy-screening", "-P", "rounds=-1"),
        row("rounds in words", "parameter 'rounds': 'three' is not an integer", "run", "alloy-screening", "-P", "rounds=three"),
        row("negative acquisitions", "parameter 'acquire': -5 is out of range", "run", "alloy-screening", "-P", "acquire=-5"),
        row("rounds that pick nothing", "parameter 'acquire' or 'random-slice' must be > 0", "run", "alloy-screening", "-P", "acquire=0", "-P", "random-slice=0"),
        row("baseline not a boolean", "parameter 'baseline': 'yes' is not one of [true, false]", "run", "alloy-screening", "-P", "baseline=yes"),
        row("histograms not a boolean", "parameter 'histograms': 'some' is not one of [true, false]", "run", "alloy-screening", "-P", "histograms=some"),
        row("negative holdout", "parameter 'holdout': -3 is out of range", "run", "alloy-screening", "-P", "holdout=-3"),
        row("zero members", "parameter 'members': 0 is out of range", "run", "alloy-screening", "-P", "members=0"),
        row("negative epochs", "parameter 'epochs': -1 is out of range", "run", "alloy-screening", "-P", "epochs=-1"),
        row("zero-width layer", "parameter 'hidden': '0,16' is not a comma-separated list of whole numbers >= 1", "run", "alloy-screening", "-P", "hidden=0,16"),
        row("layers in words", "parameter 'hidden': 'a,b'", "run", "alloy-screening", "-P", "hidden=a,b"),
        row("no layers", "parameter 'hidden': ''", "run", "alloy-screening", "-P", "hidden="),
        row("empty layer", "parameter 'hidden': '16,,16'", "run", "alloy-screening", "-P", "hidden=16,,16"),
        row("unknown surrogate", "parameter 'surrogate': 'neural' is not one of [ensemble, linear]", "run", "alloy-screening", "-P", "surrogate=neural"),
        row("misspelt surrogate", "(did you mean 'linear'?)", "run", "alloy-screening", "-P", "surrogate=linaer"),
        row("unknown alloy system", "parameter 'system': 'FeCr' is not one of [CuNi, NiAl]", "run", "alloy-screening", "-P", "system=FeCr"),
        row("misspelt parameter", "unknown parameter 'trainig' (did you mean 'training'?)", "run", "alloy-screening", "-P", "trainig=5"),
        row("parameter given twice", "-P training is given twice ('5' and '6')", "run", "alloy-screening", "-P", "training=5", "-P", "training=6"),
        row("parameter without =", "-P 'training' is not KEY=VALUE", "run", "alloy-screening", "-P", "training"),
        row("parameter without key", "-P '=5' has no key before '='", "run", "alloy-screening", "-P", "=5"),

        // lattice-scan: nothing a user types becomes LAMMPS syntax.
        row("missing potential", "parameter 'potential': '/nonexistent/CuNi.eam.alloy' is not a readable potential file", "run", "lattice-scan", "-P", "potential=/nonexistent/CuNi.eam.alloy"),
        row("potential injecting a shell command", "parameter 'potential': '" + POT + "\\nshell touch {dir}/pwned' may not be written into a LAMMPS input", "run", "lattice-scan", "-P", "potential=" + POT + "\nshell touch {dir}/pwned"),
        row("potential with a second word", "parameter 'potential': '" + POT + " Cu'", "run", "lattice-scan", "-P", "potential=" + POT + " Cu"),
        row("potential with a variable", "parameter 'potential': '${HOME}/x'", "run", "lattice-scan", "-P", "potential=${HOME}/x"),
        row("potential with a comment", "parameter 'potential': '" + POT + "#'", "run", "lattice-scan", "-P", "potential=" + POT + "#"),
        row("potential with quotes", "parameter 'potential': '\"" + POT + "\"'", "run", "lattice-scan", "-P", "potential=\"" + POT + "\""),
        row("potential is a directory", "parameter 'potential': '{dir}' is not a readable potential file", "run", "lattice-scan", "-P", "potential={dir}"),
        row("unknown element", "parameter 'elements': 'Xx' is not a chemical element symbol", "run", "lattice-scan", "-P", "elements=Cu,Xx"),
        row("element in lower case", "parameter 'elements': 'cu' is not a chemical element symbol", "run", "lattice-scan", "-P", "elements=cu,Ni"),
        row("elements injecting a command", "parameter 'elements': 'Ni\\nshell touch x'", "run", "lattice-scan", "-P", "elements=Cu,Ni\nshell touch x"),
        row("no elements", "parameter 'elements': '' is not a chemical element symbol", "run", "lattice-scan", "-P", "elements="),
        row("too few points", "parameter 'points': 2 is out of range (it must be between 3 and 10000)", "run", "lattice-scan", "-P", "points=2"),
        row("points in words", "parameter 'points': 'nine' is not an integer", "run", "lattice-scan", "-P", "points=nine"),
        row("zero scan ranks", "parameter 'ranks': 0 is out of range", "run", "lattice-scan", "-P", "ranks=0"),
        row("misspelt scan parameter", "unknown parameter 'pointz' (did you mean 'points'?)", "run", "lattice-scan", "-P", "pointz=5"),

        // Campaigns that cannot be loaded or defined.
        row("unknown campaign", "no campaign 'alloy-screenign'", "run", "alloy-screenign"),
        row("missing campaign file", "campaign file {dir}/Missing.java does not exist or is not readable", "run", "{dir}/Missing.java"),
        row("campaign that does not compile", "campaign {dir}/Broken.java does not compile:", "run", "{dir}/Broken.java"),
        row("define() throws", "campaign '{dir}/Throws.java' failed while defining its workflow: java.lang.IllegalStateException: no such table at Throws.define(Throws.java:4)", "run", "{dir}/Throws.java"),
        row("define() dereferences null", "campaign '{dir}/Npe.java' failed while defining its workflow: java.lang.NullPointerException", "run", "{dir}/Npe.java"),
        row("cyclic workflow", "workflow 'cyclic' is invalid:\n  - cycle: b -> a -> b", "run", "{dir}/Cyclic.java"),
        row("duplicate step names", "workflow 'dup' is invalid:\n  - step 'a': duplicate step name", "run", "{dir}/Dup.java"),
        row("two campaigns in a file", "must hold exactly one public class implementing Campaign", "run", "{dir}/Two.java"),
        row("class that is no campaign", "class java.lang.String does not implement io.kakehashi.workflow.Campaign", "run", "java.lang.String"),
        row("program not on PATH", "step 'x' runs 'no-such-program-kk', which was not found on PATH", "run", "{dir}/NoProgram.java"),

        // Runs named by id or prefix.
        row("unknown run", "no run 'nope'", "status", "nope"),
        row("ambiguous prefix for status", "run id prefix '2' is ambiguous: it matches 2 runs", "status", "2"),
        row("ambiguous prefix for resume", "run id prefix '2' is ambiguous: it matches 2 runs", "resume", "2"),
        row("ambiguous prefix for cancel", "run id prefix '2' is ambiguous", "cancel", "2"),
        row("ambiguous prefix for logs", "run id prefix '2' is ambiguous", "logs", "2", "greet"),
        row("ambiguous prefix for report", "run id prefix '2' is ambiguous", "report", "2"),
        row("ambiguous prefix for explain", "run id prefix '2' is ambiguous", "explain", "2", "greet"),
        row("empty run id", "the run id is empty", "status", ""),
        row("resume an unknown run", "no run 'nope'", "resume", "nope"),
        row("cancel an unknown run", "no run 'nope'", "cancel", "nope"),
        row("cancel a finished run", "run {run} is not running", "cancel", "{run}"),
        row("logs of an unknown step", "run {run} has no point relax[0]", "logs", "{run}", "relax"),
        row("logs of a point past the sweep", "run {run} has no point greet[7]", "logs", "{run}", "greet", "-p", "7"),

        // The command line itself.
        row("run without a campaign", "missing CAMPAIGN: a .java file, a class name or a bundled campaign name", "run"),
        row("unknown command", "Unmatched arguments from index 0: 'frobnicate'", "frobnicate"),
        row("unknown option", "Unknown option: '--bogus'", "run", "alloy-screening", "--bogus"),
        row("point not a number", "Invalid value for option '--point': 'abc' is not an int", "logs", "{run}", "greet", "-p", "abc"),
        row("damaged run store", "run store {dir}/damaged/runs.db is not a SQLite database or is damaged (SQLite: file is not a database)", "runs", "--home", "{dir}/damaged"),

        // A home this user cannot write: read-only, never "damaged" (moving it aside would lose its runs).
        // Reading a read-only home works (ReadOnlyHomeTest); writing it, or reading a store it never had, does not.
        row("runs in a read-only home without a store", "run store {dir}/ro-empty/runs.db is read-only (its directory {dir}/ro-empty is not writable by this user, and SQLite must create runs.db there), so Kakehashi could not create it (nothing has run in this home yet); make it writable or use another --home", "runs", "--home", "{dir}/ro-empty"),
        row("status in a read-only home without a store", "run store {dir}/ro-empty/runs.db is read-only", "status", "--home", "{dir}/ro-empty"),
        row("run with a read-only run store", "run store {dir}/ro-store/runs.db is read-only ({dir}/ro-store/runs.db is not writable by this user), so Kakehashi could not open it; make it writable or use another --home", "run", "{dir}/Hello.java", "--home", "{dir}/ro-store"),
        row("run in a read-only home", "home {dir}/ro-home is read-only ({dir}/ro-home is not writable by this user), so no engine can take its lock {dir}/ro-home/engine.lock; make it writable or use another --home", "run", "{dir}/Hello.java", "--home", "{dir}/ro-home"));
  }

  private static Arguments row(String name, String expected, String... args) {
    return Arguments.of(name, expected, List.of(args));
  }

  @BeforeAll
  static void fixture() throws Exception {
    write("Hello.java", """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Hello implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("hello").step(Step.function("greet", ctx -> ctx.value("greeting", "hello"))).build();
          }
        }
        """);
    write("Broken.java", """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Broken implements Campaign {
          public Workflow define(Map<String, String> p) { return undefinedCall(); }
        }
        """);
    write("Throws.java", """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Throws implements Campaign {
          public Workflow define(Map<String, String> p) { throw new IllegalStateException("no such table"); }
        }
        """);
    write("Npe.java", """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Npe implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder(p.get("name").strip()).build();
          }
        }
        """);
    write("Cyclic.java", """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Cyclic implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("cyclic").step(Step.command("a", "true").after("b"))
                .step(Step.command("b", "true").after("a")).build();
          }
        }
        """);
    write("Dup.java", """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Dup implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("dup").step(Step.command("a", "true")).step(Step.command("a", "false")).build();
          }
        }
        """);
    write("Two.java", """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Two implements Campaign {
          public Workflow define(Map<String, String> p) { return null; }
          public static class Other implements Campaign {
            public Workflow define(Map<String, String> p) { return null; }
          }
        }
        """);
    write("NoProgram.java", """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class NoProgram implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("noprogram").step(Step.command("x", "no-such-program-kk", "--flag")).build();
          }
        }
        """);
    write("typo.properties", "exectuor=slurm\n");
    Files.createDirectories(dir.resolve("typo-home"));
    write("typo-home/kakehashi.properties", "local.core=2\n");
    Files.createDirectories(dir.resolve("damaged"));
    write("damaged/runs.db", "not a database\n".repeat(300));
    // Stores this process cannot write: the file, and a whole home (see ReadOnly for root).
    for (String home : List.of("ro-store", "ro-home")) {
      try (RunStore store = RunStore.open(dir.resolve(home).resolve("runs.db"))) {
        store.runs();
      }
    }
    Files.createDirectories(dir.resolve("ro-empty"));
    for (String path : List.of("ro-store/runs.db", "ro-home", "ro-empty")) ReadOnly.make(dir.resolve(path)).ifPresent(readOnly::add);
    // Two finished runs: their ids share every prefix up to the date.
    for (int i = 0; i < 2; i++) {
      CliRun r = kakehashi("run", dir.resolve("Hello.java").toString());
      assertEquals(0, r.code(), r.err());
    }
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      run = store.runs().get(0).runId();
    }
  }

  @AfterAll
  static void nothingWasRecordedOrRun() throws Exception {
    for (ReadOnly ro : readOnly) ro.close(); // writable again, for the temporary directory to go
    try (RunStore store = RunStore.open(dir.resolve("home/runs.db"))) {
      assertEquals(2, store.runs().size(), "bad input started no run");
    }
    assertFalse(Files.exists(dir.resolve("pwned")), "no LAMMPS shell command ran");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isBadInputNamingWhatIsWrong(String name, String expected, List<String> args) {
    assumeTrue(!name.contains("read-only") || readOnly.size() == 3, ReadOnly.unavailable());
    List<String> resolved = new ArrayList<>();
    for (String a : args) resolved.add(resolve(a));
    CliRun r = kakehashi(resolved.toArray(String[]::new));
    assertEquals(Main.BAD_INPUT, r.code(), name + ": " + r.err());
    assertTrue(r.err().contains(resolve(expected)), name + ": expected '" + resolve(expected) + "' in\n" + r.err());
    for (String never : List.of("\tat ", "internal error", "Config[", "For input string", "Caused by")) {
      assertFalse(r.err().contains(never), name + ": '" + never + "' in\n" + r.err());
    }
  }

  private static String resolve(String s) {
    return s.replace("{dir}", dir.toString()).replace("{run}", run == null ? "" : run).replace("{pot}", POT);
  }

  private static void write(String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
  }

  private static CliRun kakehashi(String... args) {
    return CliRun.of(dir.resolve("home"), args);
  }
}
