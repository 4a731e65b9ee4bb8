package io.kakehashi.examples.scan;

import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.ReportSection;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The smallest real campaign: LAMMPS computes the energy of fcc copper at a sweep of lattice
 * constants, each point an MPI run, and a reduce step fits a parabola to find the equilibrium
 * lattice constant (about 3.615 A for Cu with Debian's CuNi.eam.alloy).
 *
 * <p>Parameters: {@code points} (default 9), {@code ranks} (default 2), {@code potential}
 * (default {@code /usr/share/lammps/potentials/CuNi.eam.alloy}).
 */
public final class LatticeScan implements Campaign {
  @Override
  public String campaignName() {
    return "lattice-scan";
  }

  @Override
  public Map<String, String> defaults() {
    return Map.of("points", "9", "ranks", "2", "potential", "/usr/share/lammps/potentials/CuNi.eam.alloy");
  }

  @Override
  public Workflow define(Map<String, String> parameters) {
    int points = Integer.parseInt(parameters.getOrDefault("points", "9"));
    int ranks = Integer.parseInt(parameters.getOrDefault("ranks", "2"));
    String potential = parameters.getOrDefault("potential", defaults().get("potential"));
    List<Double> constants = new ArrayList<>();
    for (int i = 0; i < points; i++) constants.add(3.50 + 0.24 * i / Math.max(1, points - 1));

    return Workflow.builder("lattice-scan")
        .step(Step.function("input", ctx -> Files.writeString(ctx.workDir().resolve("in.scan"), script(potential)))
            .outputs("in.scan")
            .description("writes the LAMMPS input"))
        .step(Step.mpi("energy", ranks, "lmp", "-log", "none", "-screen", "none", "-in", "${inputs.script}",
                "-var", "a", "${a}")
            .sweep(Sweep.over("a", constants))
            .input("script", Input.of("input", "in.scan"))
            .outputs("energy.txt")
            .description("LAMMPS energy per atom at lattice constant a"))
        .step(Step.function("fit", ctx -> {
              List<Path> files = ctx.inputFiles("energies");
              double[] a = new double[files.size()];
              double[] e = new double[files.size()];
              for (int i = 0; i < files.size(); i++) {
                a[i] = ctx.inputParams("energies").get(i).getDouble("a");
                e[i] = Double.parseDouble(Files.readString(files.get(i)).trim());
              }
              double[] c = Parabola.fit(a, e);
              double a0 = -c[1] / (2 * c[2]);
              double e0 = c[0] + c[1] * a0 + c[2] * a0 * a0;
              ctx.value("a0", a0);
              ctx.value("e0", e0);
              ctx.value("report.curve", ReportSection.scatter("Energy per atom vs lattice constant",
                  "lattice constant (A)", "energy (eV/atom)", a, e, null, false));
              ctx.value("report.fit", ReportSection.metrics("Parabola fit",
                  Map.of("equilibrium lattice constant (A)", a0, "energy at a0 (eV/atom)", e0)));
              Files.writeString(ctx.workDir().resolve("fit.txt"), String.format("a0 %.5f A%n", a0));
            })
            .input("energies", Input.gather("energy", "energy.txt"))
            .outputs("fit.txt")
            .description("parabola fit: equilibrium lattice constant"))
        .build();
  }

  /** The LAMMPS script: fcc Cu at lattice constant ${a}, energy per atom printed to energy.txt. */
  static String script(String potential) {
    return String.join("\n",
        "units metal",
        "boundary p p p",
        "lattice fcc ${a}",
        "region box block 0 4 0 4 0 4",
        "create_box 2 box",
        "create_atoms 1 box",
        "pair_style eam/alloy",
        "pair_coeff * * " + potential + " Cu Ni",
        "run 0",
        "variable epa equal pe/atoms",
        "print \"${epa}\" file energy.txt",
        "");
  }
}
