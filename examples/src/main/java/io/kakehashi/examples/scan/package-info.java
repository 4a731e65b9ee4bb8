/**
 * A small campaign to copy from: {@link io.kakehashi.examples.scan.LatticeScan} runs LAMMPS over
 * MPI at several lattice constants (one sweep point each) and fits a parabola to find the
 * equilibrium; registered as {@code lattice-scan}.
 */
package io.kakehashi.examples.scan;
