/**
 * The surrogate gate: whether a prediction may stand in for the simulation. A candidate is accepted
 * when it lies inside the training domain and every target's spread is within the
 * {@link io.kakehashi.surrogate.gate.GatePolicy}; the rest, and a seeded verification sample of the
 * accepted, are simulated. {@link io.kakehashi.surrogate.gate.SurrogateGate} screens a table,
 * {@link io.kakehashi.surrogate.gate.BlockGate} blocks of candidates with reused buffers, and every
 * result carries its {@link io.kakehashi.surrogate.gate.Provenance}.
 */
package io.kakehashi.surrogate.gate;
