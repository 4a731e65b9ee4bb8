/**
 * The public API a campaign is written in: a {@link io.kakehashi.workflow.Workflow} of
 * {@link io.kakehashi.workflow.Step}s, each an {@link io.kakehashi.workflow.Action} (a command, an
 * MPI program or a Java function) over a {@link io.kakehashi.workflow.Sweep} of points, with its
 * inputs, outputs, {@link io.kakehashi.workflow.Resources} and retry policy. A workflow never names
 * an executor; configuration picks one. Building a workflow validates it, every problem naming its
 * step.
 */
package io.kakehashi.workflow;
