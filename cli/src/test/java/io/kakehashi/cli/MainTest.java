package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and one-paragraph errors. */
class MainTest {
  @TempDir Path dir;

  private CliRun kakehashi(String... args) {
    return CliRun.of(dir.resolve("home"), args);
  }

  @Test
  void runsASingleJavaFileCampaignCompiledInMemory() throws Exception {
    Path file = dir.resolve("Hello.java");
    Files.writeString(file, """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Hello implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("hello")
                .step(Step.function("greet", ctx -> ctx.value("greeting", "hello " + p.getOrDefault("who", "world"))))
                .build();
          }
        }
        """);
    CliRun r = kakehashi("run", file.toString(), "-P", "who=Fugaku");
    assertEquals(0, r.code(), r.err());
    CliRun status = kakehashi("status");
    assertTrue(status.out().contains("greet") && status.out().contains("succeeded"), status.out());
  }

  @Test
  void aCampaignDeclaresItsParametersOnceTheCliListsChecksAndRecordsThem() throws Exception {
    Path file = dir.resolve("Greeter.java");
    Files.writeString(file, """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Greeter implements Campaign {
          public List<Parameter> parameters() {
            return List.of(Parameter.text("who", "world", "whom to greet"),
                Parameter.integer("times", 1, 1, 10, "how often"));
          }
          public Workflow define(Map<String, String> given) {
            CampaignParameters p = CampaignParameters.of(given, parameters());
            String greeting = ("hello " + p.text("who") + " ").repeat(p.positiveInt("times"));
            return Workflow.builder("greeter").step(Step.function("greet", ctx -> ctx.value("greeting", greeting))).build();
          }
        }
        """);
    CliRun help = kakehashi("run", file.toString(), "--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("Parameters of " + file), help.out());
    assertTrue(help.out().lines().anyMatch(l -> l.matches("\\s*times\\s+1\\s+1\\.\\.10\\s+how often")), help.out());

    CliRun bad = kakehashi("run", file.toString(), "-P", "times=11");
    assertEquals(Main.BAD_INPUT, bad.code(), bad.err());
    assertTrue(bad.err().contains("parameter 'times': 11 is out of range (it must be between 1 and 10)"), bad.err());

    assertEquals(0, kakehashi("run", file.toString(), "-P", "who=Fugaku").code());
    // The run records every effective value, the defaults it took included.
    CliRun report = kakehashi("report");
    assertEquals(0, report.code(), report.err());
    String html = Files.readString(Path.of(report.out().strip()));
    assertTrue(html.contains("who=Fugaku") && html.contains("times=1"), html);
  }

  @Test
  void theMainJobListsItsParameters() {
    CliRun help = kakehashi("run", "alloy-screening", "--help");
    assertEquals(0, help.code(), help.err());
    for (String p : new String[] {"system", "training", "rounds", "tolerance-mev", "screen", "compositions"}) {
      assertTrue(help.out().lines().anyMatch(l -> l.strip().startsWith(p + " ")), p + " in\n" + help.out());
    }
  }

  @Test
  void aCampaignThatDoesNotCompileIsReportedWithFileAndLine() throws Exception {
    Path file = dir.resolve("Broken.java");
    Files.writeString(file, """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Broken implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("broken").step(Step.function("x", ctx -> undefinedCall())).build();
          }
        }
        """);
    CliRun r = kakehashi("run", file.toString());
    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains("Broken.java:5:") && r.err().contains("undefinedCall"), r.err());
  }

  @Test
  void anInvalidWorkflowListsEveryProblem() throws Exception {
    Path file = dir.resolve("Cyclic.java");
    Files.writeString(file, """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Cyclic implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("cyclic")
                .step(Step.command("a", "true").after("b"))
                .step(Step.command("b", "true").after("a"))
                .build();
          }
        }
        """);
    CliRun r = kakehashi("run", file.toString());
    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains("cycle: "), r.err());
  }

  @Test
  void aDamagedRunStoreIsAClearErrorNamingTheFile() throws Exception {
    Path store = dir.resolve("home/runs.db");
    Files.createDirectories(store.getParent());
    Files.writeString(store, "this is not a database, it was overwritten by accident\n".repeat(200));
    CliRun r = kakehashi("runs");
    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains(store.toString()) && r.err().contains("move it aside"), r.err());
  }

  @Test
  void anUnwritableWorkDirFailsThePointNamingTheDirectory() throws Exception {
    Path file = dir.resolve("Touch.java");
    Files.writeString(file, """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Touch implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("touch").step(Step.command("touch", "touch", "x").outputs("x")).build();
          }
        }
        """);
    Path notADir = dir.resolve("plain-file");
    Files.writeString(notADir, "");
    CliRun r = kakehashi("run", file.toString(), "-C", "work=" + notADir.resolve("work"));
    assertEquals(Main.RUN_FAILED, r.code(), r.err());
    assertTrue(r.err().contains("cannot prepare work dir") && r.err().contains(notADir.toString()), r.err());
  }

  @Test
  void unknownCampaignsAndRunsSayWhatExists() {
    CliRun r = kakehashi("run", "no-such-campaign");
    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains("lattice-scan"), r.err());
    CliRun s = kakehashi("status", "nope");
    assertEquals(Main.BAD_INPUT, s.code());
  }

  @Test
  void aBadCampaignParameterIsBadInputNamingIt() {
    CliRun r = kakehashi("run", "alloy-screening", "-P", "training=abc");
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("campaign 'alloy-screening': parameter 'training': 'abc' is not an integer"), r.err());
    assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());

    CliRun cells = kakehashi("run", "alloy-screening", "-P", "cells=3");
    assertEquals(Main.BAD_INPUT, cells.code(), cells.err());
    assertTrue(cells.err().contains("4x4x4"), cells.err());
  }

  @Test
  void runWithoutMpirunOrLammpsOnPathSaysWhichBeforeAnythingRuns() throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
        Main.class.getName(), "run", "lattice-scan", "--home", dir.resolve("home").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().put("PATH", dir.resolve("empty-bin").toString());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String out = Files.readString(dir.resolve("out.txt"));
    assertEquals(Main.BAD_INPUT, p.exitValue(), out);
    assertTrue(out.contains("step 'energy' runs 'mpirun', which was not found on PATH (install Debian's openmpi-bin"), out);
    Files.createDirectories(dir.resolve("empty-bin"));
    Files.createSymbolicLink(dir.resolve("empty-bin/mpirun"), Path.of("/usr/bin/mpirun"));
    p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    out = Files.readString(dir.resolve("out.txt"));
    assertEquals(Main.BAD_INPUT, p.exitValue(), out);
    assertTrue(out.contains("step 'energy' runs 'lmp', which was not found on PATH (install Debian's lammps package)"), out);
    assertFalse(Files.exists(dir.resolve("home/runs.db")) && kakehashi("runs").out().lines().count() > 1, "no run recorded");
  }

  @Test
  void everyCommandDocumentsItself() {
    for (String c : new String[] {"run", "resume", "status", "runs", "logs", "explain", "cancel", "report", "doctor"}) {
      CliRun r = kakehashi(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().contains("Usage: kakehashi " + c), r.out());
    }
  }
}
