/**
 * Runs command and MPI steps on Slurm through its REST daemon, slurmrestd.
 *
 * <ul>
 *   <li>{@link io.kakehashi.slurm.SlurmExecutor} is the engine's executor (ServiceLoader name
 *       {@code slurm}, made by {@link io.kakehashi.slurm.SlurmExecutorFactory} from
 *       {@link io.kakehashi.slurm.SlurmConfig}). It wires Nextflow's seams together: a gather
 *       window so that one sweep is one job array ({@code SweepGatherer}), packing and submission
 *       ({@code ArraySubmitter}, intent files in {@code IntentFiles}), one state machine per array
 *       element ({@code ElementHandler}, deciding by exit markers in {@code Verdict}) and one
 *       monitor that polls only our own arrays ({@code JobMonitor}).
 *   <li>{@link io.kakehashi.slurm.SlurmClient} speaks API v0.0.38 (Slurm 22.05) and v0.0.40-45
 *       (23.11-26.05) with JWT auth ({@link io.kakehashi.slurm.TokenSource},
 *       {@link io.kakehashi.slurm.Secret}) and bounded retries; the versions' differences live in
 *       {@link io.kakehashi.slurm.ApiVersion} (which requests exist) and {@code SlurmJson} (how
 *       they are spelt).
 *   <li>{@link io.kakehashi.slurm.SlurmDoctor} says what is wrong with a configuration.
 * </ul>
 *
 * <p>{@code scripts/slurm-local.sh} starts a real Slurm 22.05, 24.11 or 26.05 on loopback for tests and
 * demos.
 */
package io.kakehashi.slurm;
