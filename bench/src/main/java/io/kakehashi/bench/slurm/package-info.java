/** Sweeps through a local Slurm: the Slurm executor, with and without packing, against {@code sbatch --array} by hand. */
package io.kakehashi.bench.slurm;
