/**
 * The surrogate benchmarks: JMH runs of inference, training epochs and GEMM on the issue's
 * 64-256-256-1 network ({@link io.kakehashi.bench.surrogate.SurrogateBench} runs them and prints
 * predictions/s, GFLOP/s and samples/s), the alloy campaign's ensemble training timed end to end,
 * and a million candidates screened through the gate.
 */
package io.kakehashi.bench.surrogate;
