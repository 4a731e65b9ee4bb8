/**
 * The run store, an embedded SQLite file: {@link io.kakehashi.store.RunStore} opens it and is the
 * one door in; {@code Schema} owns the tables and upgrades, {@code Recorder} turns events into rows,
 * {@code Queries} reads them back as records. Completed results keyed by fingerprint are the cache
 * that resume and re-runs draw on.
 */
package io.kakehashi.store;
