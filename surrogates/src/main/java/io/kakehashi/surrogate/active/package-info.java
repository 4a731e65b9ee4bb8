/**
 * Active learning in-process: train, predict the pool, simulate the batch an
 * {@link io.kakehashi.surrogate.active.Acquisition} rule ranks best, add it to the training rows and
 * repeat until the stop rule or the budget ends it. The same loop as workflow steps, cached and
 * resumable round by round, is {@link io.kakehashi.surrogate.step.ActiveLearningSteps}.
 */
package io.kakehashi.surrogate.active;
