/**
 * The SPI behind which work runs: an {@link io.kakehashi.executor.Executor} takes fully resolved
 * {@link io.kakehashi.executor.Task}s and reports back through a
 * {@link io.kakehashi.executor.TaskListener}; implementations (local processes, Slurm, Spark) live
 * in the runners module and are found through {@link io.kakehashi.executor.ExecutorFactory}.
 */
package io.kakehashi.executor;
