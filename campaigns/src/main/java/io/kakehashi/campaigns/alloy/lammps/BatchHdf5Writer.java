package io.kakehashi.campaigns.alloy.lammps;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.CandidateSource;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes one batch's relaxed candidates to one HDF5 file (jHDF): equal-length 1-D columns in the
 * root group, which the {@code hdf5} Spark data source reads as a table, plus a 2-D
 * {@code occupation} dataset and file attributes that describe the batch.
 *
 * <p>Columns, one row per relaxed candidate (failed ones are listed in the attribute
 * {@code failed_candidate_ids} instead):
 * <ul>
 *   <li>{@code candidate_id} (int64); {@code family} (int32: the {@link Family} ordinal);
 *   <li>{@code x_A} (float64) and then every {@link Descriptors} feature under its own name (the
 *       first is {@code x_B}), e.g. {@code x_Cu, x_Ni, pair_NiNi_1, ..., sro_1, ..., env_Cu_11, ...};
 *   <li>{@code energy_per_atom}, {@code mixing_energy} (eV/atom), {@code volume_per_atom}
 *       (cubic angstrom), {@code lammps_seconds} (minimiser wall seconds of that candidate);
 *   <li>{@code occupation} (int8, rows x sites): species index per lattice site.
 * </ul>
 * File attributes: {@code system}, {@code potential}, {@code lattice}, {@code seed},
 * {@code feature_names}, {@code reference_energy_A}, {@code reference_energy_B} (eV/atom),
 * {@code failed_count} and, when that is not 0, {@code failed_candidate_ids}.
 */
public final class BatchHdf5Writer {
  private BatchHdf5Writer() {}

  /** Column names of the non-feature columns, in file order. */
  public static final List<String> TARGET_COLUMNS =
      List.of("energy_per_atom", "mixing_energy", "volume_per_atom", "lammps_seconds");

  /**
   * Writes {@code file} (via a temporary file and a rename, so a reader never sees half a file).
   *
   * @param source the source the batch was prepared with (occupations are regenerated)
   */
  public static void write(Path file, Descriptors descriptors, CandidateSource source, LammpsResults results)
      throws IOException {
    AlloySystem system = descriptors.system();
    FccLattice lattice = source.lattice();
    List<LammpsResults.Relaxed> rows = results.relaxed();
    int n = rows.size();
    int sites = lattice.sites();
    int f = descriptors.size();
    long[] ids = new long[n];
    int[] family = new int[n];
    double[] xA = new double[n];
    double[][] features = new double[f][n];
    double[] energy = new double[n];
    double[] mixing = new double[n];
    double[] volume = new double[n];
    double[] seconds = new double[n];
    byte[][] occupation = new byte[n][sites];
    double[] row = new double[f];
    for (int r = 0; r < n; r++) {
      LammpsResults.Relaxed relaxed = rows.get(r);
      ids[r] = relaxed.id();
      family[r] = source.fill(relaxed.id(), occupation[r]).ordinal();
      if (relaxed.atoms() != sites) {
        throw new IllegalArgumentException("candidate " + relaxed.id() + " has " + relaxed.atoms()
            + " atoms in the LAMMPS results but the lattice has " + sites + " sites");
      }
      descriptors.compute(occupation[r], row, 0);
      for (int k = 0; k < f; k++) features[k][r] = row[k];
      xA[r] = 1 - row[0];
      energy[r] = relaxed.energyPerAtom();
      mixing[r] = results.mixingEnergy(relaxed, row[0]);
      volume[r] = relaxed.volumePerAtom();
      seconds[r] = relaxed.seconds();
    }
    long[] failed = results.failures().stream().mapToLong(LammpsResults.Failure::id).toArray();

    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (WritableHdfFile h5 = HdfFile.write(tmp)) {
      h5.putDataset("candidate_id", ids);
      h5.putDataset("family", family);
      h5.putDataset("x_" + system.elementA(), xA);
      for (int k = 0; k < f; k++) h5.putDataset(descriptors.names().get(k), features[k]);
      h5.putDataset("energy_per_atom", energy);
      h5.putDataset("mixing_energy", mixing);
      h5.putDataset("volume_per_atom", volume);
      h5.putDataset("lammps_seconds", seconds);
      h5.putDataset("occupation", occupation);
      h5.putAttribute("system", system.name());
      h5.putAttribute("potential", system.potential().toString());
      h5.putAttribute("lattice", "fcc " + lattice.cells() + "x" + lattice.cells() + "x" + lattice.cells()
          + " conventional cells, " + sites + " sites");
      h5.putAttribute("seed", source.seed());
      h5.putAttribute("feature_names", descriptors.names().toArray(new String[0]));
      h5.putAttribute("reference_energy_" + system.elementA(), results.referenceA().energyPerAtom());
      h5.putAttribute("reference_energy_" + system.elementB(), results.referenceB().energyPerAtom());
      h5.putAttribute("failed_count", failed.length);
      // jHDF 0.13 cannot write an empty array attribute, so the id list is present only when non-empty.
      if (failed.length > 0) h5.putAttribute("failed_candidate_ids", failed);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
