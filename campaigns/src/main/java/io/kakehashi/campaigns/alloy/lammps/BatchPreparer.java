package io.kakehashi.campaigns.alloy.lammps;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.Candidate;
import io.kakehashi.campaigns.alloy.structure.CandidateSource;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes one self-contained LAMMPS input that relaxes a whole batch of candidates in a single
 * {@code lmp} process, so that process and MPI start-up are paid once per batch.
 *
 * <p>The script first relaxes pure A and pure B on the same supercell (the references for the
 * mixing energy, so every batch carries its own), then each candidate: atoms are created inline
 * (no side files, so the input can be moved or published anywhere), the box is relaxed
 * isotropically to zero pressure together with the positions ({@code fix box/relax iso 0.0} +
 * {@code minimize}), and one line per structure is appended to {@value #RESULTS} in the working
 * directory:
 *
 * <pre>
 * REFERENCE element energy_per_atom volume_per_atom atoms
 * CANDIDATE id energy_per_atom volume_per_atom atoms
 * </pre>
 *
 * Before each structure the log gets a line {@code KAKEHASHI candidate id} (or {@code KAKEHASHI
 * reference element}); LAMMPS's own {@code Loop time of ...} lines after it time that structure.
 * Run it as {@code lmp -in batch.in -log log.lammps -screen none}, under {@code mpirun} for
 * several ranks.
 */
public final class BatchPreparer {
  /** The input script's file name. */
  public static final String INPUT = "batch.in";
  /** The results file LAMMPS writes in its working directory. */
  public static final String RESULTS = "results.txt";
  /** The log file name the campaign passes with {@code -log}. */
  public static final String LOG = "log.lammps";

  private final AlloySystem system;
  private final CandidateSource source;

  public BatchPreparer(AlloySystem system, CandidateSource source) {
    this.system = system;
    this.source = source;
  }

  /** Writes {@value #INPUT} for candidates {@code ids} into {@code dir} (created if absent). */
  public Path prepare(Path dir, long[] ids) throws IOException {
    if (ids.length == 0) throw new IllegalArgumentException("a batch needs at least one candidate id");
    Files.createDirectories(dir);
    Path input = dir.resolve(INPUT);
    int n = source.lattice().sites();
    try (Writer w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      StringBuilder sb = new StringBuilder(64 * 1024);
      sb.append("# Kakehashi alloy batch: ").append(system.name()).append(", ").append(ids.length)
          .append(" candidates of ").append(n).append(" atoms, generator seed ").append(source.seed()).append('\n');
      sb.append("echo none\n");
      // Truncates the results of an earlier attempt in the same directory.
      sb.append("print \"# type id energy_per_atom_eV volume_per_atom_A3 atoms\" file ").append(RESULTS)
          .append(" screen no\n");
      byte[] occupation = new byte[n];
      for (int species = 0; species < 2; species++) {
        Arrays.fill(occupation, (byte) species);
        structure(sb, "reference", "REFERENCE", system.element(species), occupation);
      }
      w.append(sb);
      for (long id : ids) {
        sb.setLength(0);
        source.fill(id, occupation);
        structure(sb, "candidate", "CANDIDATE", Long.toString(id), occupation);
        w.append(sb);
      }
    }
    return input;
  }

  private void structure(StringBuilder sb, String kind, String tag, String label, byte[] occupation) {
    FccLattice lattice = source.lattice();
    double a = system.vegardLattice(Candidate.countB(occupation) / (double) occupation.length);
    double edge = lattice.cells() * a;
    double half = a / 2;
    sb.append("\nclear\n");
    sb.append("print \"KAKEHASHI ").append(kind).append(' ').append(label).append("\"\n");
    sb.append("units metal\natom_style atomic\nboundary p p p\n");
    sb.append("region box block 0 ").append(edge).append(" 0 ").append(edge).append(" 0 ").append(edge)
        .append(" units box\n");
    sb.append("create_box 2 box\n");
    sb.append("mass 1 ").append(system.massA()).append("\nmass 2 ").append(system.massB()).append('\n');
    for (int i = 0; i < occupation.length; i++) {
      sb.append("create_atoms ").append(occupation[i] + 1).append(" single ")
          .append(lattice.coordinate(i, 0) * half).append(' ')
          .append(lattice.coordinate(i, 1) * half).append(' ')
          .append(lattice.coordinate(i, 2) * half).append(" units box\n");
    }
    sb.append("pair_style eam/alloy\n");
    sb.append("pair_coeff * * ").append(system.potential()).append(' ')
        .append(system.elementA()).append(' ').append(system.elementB()).append('\n');
    sb.append("thermo_style custom step pe vol press\nthermo 1000\n");
    // Isotropic first, then the three cell edges independently, so a tetragonal ordering (L1_0) or
    // a layered cell reaches its own shape instead of being held cubic. Straight to aniso gives the
    // same energies (within 1e-9 eV/atom) but takes about six times as many iterations.
    sb.append("min_style cg\n");
    sb.append("fix relax all box/relax iso 0.0 vmax 0.001\n");
    sb.append("minimize 1.0e-12 1.0e-8 2000 20000\n");
    sb.append("unfix relax\n");
    sb.append("fix relax all box/relax aniso 0.0 vmax 0.001\n");
    sb.append("minimize 1.0e-12 1.0e-8 2000 20000\n");
    sb.append("variable e equal pe/atoms\nvariable v equal vol/atoms\n");
    sb.append("print \"").append(tag).append(' ').append(label).append(" ${e} ${v} ").append(occupation.length)
        .append("\" append ").append(RESULTS).append(" screen no\n");
  }
}
