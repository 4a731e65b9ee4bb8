/**
 * Runs command and MPI steps as processes on this machine ({@link io.kakehashi.local.LocalExecutor},
 * ServiceLoader name {@code local}): an argument vector and no shell, output to the work directory,
 * the whole process tree killed on timeout or cancel, and each point that runs at once on its own
 * disjoint CPU set ({@code CpuSlots}), so that independent {@code mpirun}s do not pile onto the
 * same cores.
 */
package io.kakehashi.local;
