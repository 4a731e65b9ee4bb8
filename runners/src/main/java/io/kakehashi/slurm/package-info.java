/**
 * Runs command and MPI steps on Slurm through its REST daemon, slurmrestd.
 *
 * <ul>
 *   <li>{@link io.kakehashi.slurm.SlurmExecutor} is the engine's executor (ServiceLoader name
 *       {@code slurm}, made by {@link io.kakehashi.slurm.SlurmExecutorFactory} from
 *       {@link io.kakehashi.slurm.SlurmConfig}): one job array per step submission, one status
 *       request per poll for all jobs, re-attach by tag, exit markers as ground truth.
 *   <li>{@link io.kakehashi.slurm.SlurmClient} speaks API v0.0.38 (Slurm 22.05) and v0.0.40-42
 *       (23.11-25.x) with JWT auth ({@link io.kakehashi.slurm.TokenSource},
 *       {@link io.kakehashi.slurm.Secret}) and bounded retries.
 *   <li>{@link io.kakehashi.slurm.SlurmDoctor} says what is wrong with a configuration.
 * </ul>
 *
 * <p>{@code scripts/slurm-local.sh} starts a real Slurm 22.05 or 24.11 on loopback for tests and
 * demos.
 */
package io.kakehashi.slurm;
