package io.kakehashi.store;

import java.time.Instant;

/** One line of a run's event log, as {@code kakehashi events} shows it. {@code index} is null for run-wide events. */
public record EventRecord(Instant time, String type, String step, Integer index, int attempt, String detail) {}
