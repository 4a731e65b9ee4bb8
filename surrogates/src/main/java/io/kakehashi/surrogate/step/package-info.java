/**
 * The surrogates as workflow steps: train ({@link io.kakehashi.surrogate.step.TrainSpec}), screen
 * through the gate and join predictions with simulations
 * ({@link io.kakehashi.surrogate.step.SurrogateSteps}), and the active-learning loop unrolled round
 * by round ({@link io.kakehashi.surrogate.step.ActiveLearningSteps}). Each is an ordinary function
 * step, so caching, resume and the run store apply to models and decisions as to any other result.
 */
package io.kakehashi.surrogate.step;
