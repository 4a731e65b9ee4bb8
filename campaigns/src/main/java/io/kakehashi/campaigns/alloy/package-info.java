/**
 * The alloy-screening campaign, Kakehashi's main job: LAMMPS relaxes generated binary-alloy
 * supercells, Spark ingests them, a DL4J ensemble learns the mixing energy, active learning sends
 * LAMMPS where the model is unsure, ten million candidates are screened and the best verified.
 *
 * <p>This package holds the campaign as a workflow ({@link io.kakehashi.campaigns.alloy.AlloyScreening},
 * registered as {@code alloy-screening} by {@link io.kakehashi.campaigns.alloy.AlloyCampaign}), its
 * surrogates, the active-learning pool and picks, verification, the results table and the
 * LAMMPS-by-hand baseline. The physics it builds on lives in subpackages, each depending only on
 * those listed before it:
 *
 * <ul>
 *   <li>{@code structure}: the alloy system and potential, the fcc lattice, the packed 256-site
 *       cells, and candidates reproducible from (seed, id) in several configuration families;
 *   <li>{@code descriptor}: the feature vector (composition, pair correlations and Warren-Cowley
 *       short-range order per shell, neighbour-composition moments, neighbour pushes);
 *   <li>{@code lammps}: one LAMMPS input per batch, the parser of what LAMMPS printed, and the
 *       HDF5 file each batch writes;
 *   <li>{@code screen}: blocked generation, featurisation and inference, top-k per composition bin;
 *   <li>{@code sampling}: swap Monte Carlo at fixed composition on the surrogate's energy.
 * </ul>
 *
 * <p>Every class under this package is digested into {@link
 * io.kakehashi.campaigns.alloy.AlloyScreening#CODE_VERSION}, so editing any of them re-runs the
 * steps instead of reusing cached results.
 */
package io.kakehashi.campaigns.alloy;
