package io.kakehashi.cli;

import io.kakehashi.slurm.SlurmDoctor;
import io.kakehashi.spark.SparkDoctor;
import io.kakehashi.spark.SparkSessions;
import io.kakehashi.store.RunStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Checks that campaigns can run here: the run store, the programs steps call (lmp, mpirun),",
        "and, when Slurm is configured (executor=slurm or --slurm), slurmrestd: connection, token, API version, partitions,",
        "then a probe job under <work>/doctor that must find lmp and the MPI launcher and write its work dir",
        "(waiting at most slurm.probe-timeout, default 60s);",
        "when spark.master is a spark:// URL, the Spark master: reachable, alive workers, cores."})
final class DoctorCommand implements Callable<Integer> {
  @Option(names = "--slurm", description = "Check the Slurm executor even if the configuration does not use it.")
  boolean slurm;

  @Mixin HomeOptions home;

  @Override
  public Integer call() {
    Settings settings = home.settings();
    List<String> problems = new ArrayList<>();
    try (RunStore store = RunStore.open(settings.storeFile())) {
      line(true, "run store", store.file() + " (" + store.runs().size() + " runs)");
    } catch (RuntimeException e) {
      problems.add("run store");
      line(false, "run store", e.getMessage());
    }
    for (String program : List.of("lmp", "mpirun", "java")) {
      Path p = Programs.find(program);
      line(p != null, "program " + program, p != null ? p.toString() : "not on PATH (scripts/install.sh installs it)");
      if (p == null && !program.equals("java")) problems.add(program);
    }
    boolean useSlurm = slurm || settings.defaultExecutor().equals("slurm") || settings.routes().containsValue("slurm");
    if (useSlurm) {
      // The probe job works where runs do: under the work root, which the compute nodes must share.
      for (SlurmDoctor.Finding f : SlurmDoctor.check(settings.section("slurm"), settings.workRoot().resolve("doctor"))) {
        line(f.ok(), "slurm " + f.check(), f.detail());
        if (!f.ok()) problems.add("slurm " + f.check());
      }
    } else {
      line(true, "slurm", "not configured (executor=" + settings.defaultExecutor() + "); --slurm checks it anyway");
    }
    Map<String, String> spark = SparkSessions.settings(settings.values);
    if (SparkDoctor.standalone(spark)) {
      for (SparkDoctor.Finding f : SparkDoctor.check(spark)) {
        line(f.ok(), "spark " + f.check(), f.detail());
        if (!f.ok()) problems.add("spark " + f.check());
      }
    } else {
      line(true, "spark", spark.get(SparkSessions.MASTER) + " (a spark:// master in spark.master is checked)");
    }
    System.out.println(problems.isEmpty() ? "all checks passed" : problems.size() + " problem(s): " + problems);
    return problems.isEmpty() ? 0 : 1;
  }

  private static void line(boolean ok, String what, String detail) {
    System.out.printf("%s %-24s %s%n", ok ? "ok  " : "FAIL", what, detail);
  }
}
