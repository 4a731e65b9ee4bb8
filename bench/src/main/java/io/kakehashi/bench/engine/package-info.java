/** The engine's own overhead: no-op points through planning, scheduling and the SQLite store, and building and validating a very large DAG. */
package io.kakehashi.bench.engine;
