package io.kakehashi.examples.scan;

import io.kakehashi.campaigns.lammps.LammpsValues;
import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.CampaignParameters;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Parameter;
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
 * <p>Parameters: {@code points} (default 9, at least 3 for the fit), {@code ranks} (default 2),
 * {@code potential} (default {@code /usr/share/lammps/potentials/CuNi.eam.alloy}) and
 * {@code elements}, the potential's elements for LAMMPS atom types 1, 2, ... (default {@code Cu,Ni};
 * the crystal is of type 1). The potential and the elements are checked before they are written
 * into the LAMMPS input ({@link LammpsValues}): a user's string never becomes a LAMMPS command.
 */
public final class LatticeScan implements Campaign {
  @Override
  public String campaignName() {
    return "lattice-scan";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer("points", 9, 3, 10_000, "lattice constants from 3.50 to 3.74 A (at least 3 for the fit)"),
        Parameter.integer("ranks", 2, 1, 4096, "MPI ranks per LAMMPS run"),
        Parameter.text("potential", "/usr/share/lammps/potentials/CuNi.eam.alloy", "an existing EAM alloy potential file"),
        Parameter.text("elements", "Cu,Ni", "the potential's elements for LAMMPS atom types 1, 2, ... (the crystal is type 1)"));
  }

  @Override
  public Workflow define(Map<String, String> parameters) {
    CampaignParameters p = CampaignParameters.of(parameters, parameters());
    int points = (int) p.integer("points", 3, 10_000);
    int ranks = p.positiveInt("ranks");
    String potential = LammpsValues.potentialFile("potential", p.text("potential"));
    List<String> elements = new ArrayList<>();
    for (String e : p.text("elements").split(",", -1)) elements.add(LammpsValues.element("elements", e.strip()));
    List<Double> constants = new ArrayList<>();
    for (int i = 0; i < points; i++) constants.add(3.50 + 0.24 * i / Math.max(1, points - 1));

    return Workflow.builder("lattice-scan")
        .step(Step.function("input", ctx -> Files.writeString(ctx.workDir().resolve("in.scan"), script(potential, elements)))
            // What the script is written from is part of the step's version, so the fingerprint covers it.
            .version("lattice-scan input: " + potential + " " + String.join(",", elements))
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

  /**
   * The LAMMPS script: fcc of the first element at lattice constant ${a}, energy per atom printed
   * to energy.txt. {@code potential} and {@code elements} have been checked by {@link LammpsValues}.
   */
  static String script(String potential, List<String> elements) {
    return String.join("\n",
        "units metal",
        "boundary p p p",
        "lattice fcc ${a}",
        "region box block 0 4 0 4 0 4",
        "create_box " + elements.size() + " box",
        "create_atoms 1 box",
        "pair_style eam/alloy",
        "pair_coeff * * " + potential + " " + String.join(" ", elements),
        "run 0",
        "variable epa equal pe/atoms",
        "print \"${epa}\" file energy.txt",
        "");
  }
}
