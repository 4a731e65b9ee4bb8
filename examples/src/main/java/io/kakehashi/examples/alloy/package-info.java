/**
 * Alloy screening with LAMMPS: the materials-science core of the Matlantis-style campaign.
 *
 * <ul>
 *   <li>{@link io.kakehashi.examples.alloy.FccLattice}: a periodic fcc supercell and its
 *       neighbour lists per shell; {@link io.kakehashi.examples.alloy.AlloySystem}: the binary
 *       alloy and its EAM potential (Cu-Ni, Ni-Al from Debian's lammps package).
 *   <li>{@link io.kakehashi.examples.alloy.CandidateGenerator}: candidate id to occupation
 *       ({@code byte[]}), reproducible from (seed, id) alone; random, clustered or ordered.
 *   <li>{@link io.kakehashi.examples.alloy.Descriptors}: the feature vector (composition,
 *       pair correlations and Warren-Cowley SRO over 4 shells, neighbour-composition moments).
 *   <li>{@link io.kakehashi.examples.alloy.BatchPreparer} writes one LAMMPS input relaxing a
 *       whole batch; {@link io.kakehashi.examples.alloy.LammpsResults} reads what it printed;
 *       {@link io.kakehashi.examples.alloy.BatchHdf5Writer} writes one HDF5 file per batch.
 *   <li>{@link io.kakehashi.examples.alloy.Screening}: generate + featurise in blocks for batched
 *       inference, top-k per composition bin; {@link io.kakehashi.examples.alloy.Verification}
 *       compares predictions with re-relaxed picks.
 *   <li>{@link io.kakehashi.examples.alloy.AlloyScreening}: the campaign as a workflow, with the
 *       surrogate as an extension point; {@link io.kakehashi.examples.alloy.AlloyCampaign} runs it
 *       with the {@link io.kakehashi.examples.alloy.LinearSurrogate} baseline;
 *       {@link io.kakehashi.examples.alloy.LocalLammps} relaxes a batch outside any workflow.
 * </ul>
 */
package io.kakehashi.examples.alloy;
