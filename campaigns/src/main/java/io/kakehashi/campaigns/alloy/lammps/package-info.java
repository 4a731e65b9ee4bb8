/**
 * LAMMPS for the alloy campaign: the input that relaxes a whole batch in one process ({@link
 * io.kakehashi.campaigns.alloy.lammps.BatchPreparer}, from a {@link
 * io.kakehashi.campaigns.alloy.lammps.BatchSpec}), the parser of what it printed ({@link
 * io.kakehashi.campaigns.alloy.lammps.LammpsResults}), the HDF5 file each batch writes for the
 * Spark ingest, and a relaxation outside any workflow ({@link
 * io.kakehashi.campaigns.alloy.lammps.LocalLammps}).
 */
package io.kakehashi.campaigns.alloy.lammps;
